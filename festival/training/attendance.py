"""A cohort's attendance as one table: who came to which session, and who completed.

Built from the cohort as its loader brings it (sessions with their attendance, enrolments
with families and certificates): no query per family or session.
"""
from dataclasses import dataclass

from flask_babel import gettext as _

from festival.core.formatting import long_date
from festival.core.phones import display_phone
from festival.core.timezones import to_damascus
from festival.training.models import Cohort, Enrolment, EnrolmentStatus


@dataclass
class Row:
    enrolment: Enrolment
    present: list[bool]  # one per session, in date order

    @property
    def attended(self) -> int:
        return sum(self.present)


def cohort_rows(cohort: Cohort) -> list[Row]:
    present = {(attendance.session_id, attendance.family_id)
               for session in cohort.sessions for attendance in session.attendances}
    enrolled = [enrolment for enrolment in cohort.enrolments if enrolment.status == EnrolmentStatus.ENROLLED]
    enrolled.sort(key=lambda enrolment: enrolment.family.name)
    return [Row(enrolment, [(session.id, enrolment.family_id) in present for session in cohort.sessions])
            for enrolment in enrolled]


def waiting_list(cohort: Cohort) -> list[Enrolment]:
    return sorted((enrolment for enrolment in cohort.enrolments if enrolment.status == EnrolmentStatus.WAITLISTED),
                  key=lambda enrolment: enrolment.waitlist_rank)


def export_table(cohort: Cohort) -> tuple[list[str], list[list]]:
    sessions = [long_date(to_damascus(session.starts_at).date()) for session in cohort.sessions]
    headers = [_("Family"), _("Mobile number"), *sessions, _("Sessions attended"), _("Certificate")]
    rows = []
    for row in cohort_rows(cohort):
        certificate = row.enrolment.certificate
        rows.append([row.enrolment.family.name, display_phone(row.enrolment.family.user.phone),
                     *(_("present") if here else "" for here in row.present), row.attended,
                     _("withdrawn") if certificate and certificate.is_revoked else (_("yes") if certificate else "")])
    return headers, rows
