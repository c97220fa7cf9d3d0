"""A certificate as its facts (one loader, festival/training/queries.py), its verification URL,
and its A4 PDF: Arabic, shaped and extractable as badges are (festival/core/pdf.py).

The PDF is always in Arabic, the programme's language for its documents; the verification
page it points to reads in the visitor's language. The QR code holds
`HTTPS://HOST/C/<TOKEN>`, all in the QR alphanumeric set (festival/core/qr.py), and the
number under it is the certificate's id for reading over the phone.
"""
import io
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale, format_date, ngettext
from flask_babel import gettext as _

from festival.core import record_tokens as tokens
from festival.core.pdf import distinct_subset_tags, new_document
from festival.core.qr import qr_png, qr_url
from festival.core.timezones import to_damascus
from festival.core.urls import site_base_url
from festival.training.models import Certificate

INK, MUTED, BRAND = (31, 42, 46), (91, 103, 107), (10, 79, 68)
QR_SIZE_MM = 40.0


@dataclass(frozen=True)
class CertificateFacts:
    number: int
    family_name: str
    course_title_ar: str
    course_title_en: str | None
    province_ar: str
    province_en: str | None
    first_day: date | None
    last_day: date | None
    sessions_attended: int
    planned_sessions: int
    hours: int
    trainers: tuple[str, ...]
    issued_on: date
    revoked: bool
    revoke_reason: str | None


def facts_of(certificate: Certificate) -> CertificateFacts:
    course, sessions = certificate.course, certificate.enrolment.cohort.sessions
    days = [to_damascus(session.starts_at).date() for session in sessions]
    trainers = tuple(dict.fromkeys(session.trainer.display_name for session in sessions if session.trainer))
    return CertificateFacts(
        number=certificate.id, family_name=certificate.family.name, course_title_ar=course.title_ar,
        course_title_en=course.title_en, province_ar=course.province.name_ar, province_en=course.province.name_en,
        first_day=min(days, default=None), last_day=max(days, default=None),
        sessions_attended=certificate.sessions_attended, planned_sessions=course.planned_sessions,
        hours=certificate.hours, trainers=trainers, issued_on=to_damascus(certificate.issued_at).date(),
        revoked=certificate.is_revoked, revoke_reason=certificate.revoke_reason)


def certificate_token(certificate: Certificate) -> str:
    return tokens.sign(tokens.Kind.CERTIFICATE, certificate.id)


def certificate_url(certificate: Certificate) -> str:
    """What the certificate's QR code holds: `HTTPS://HOST/C/<TOKEN>`."""
    return qr_url(site_base_url(), certificate_token(certificate), "C")


def _line(pdf, text: str, size: float, *, style: str = "", color=INK, gap: float = 3.0) -> None:
    pdf.set_font("arabic", style, size)
    pdf.set_text_color(*color)
    pdf.set_x(20)
    pdf.multi_cell(170, size * 0.5, text, align="C")
    pdf.ln(gap)


def certificate_pdf(facts: CertificateFacts, url: str) -> bytes:
    with force_locale("ar_SY"):
        pdf = new_document()
        pdf.set_lang("ar")
        pdf.set_title(_("Certificate: %(course)s", course=facts.course_title_ar))
        pdf.add_page()
        with pdf.local_context(draw_color=BRAND, line_width=1.2):
            pdf.rect(10, 10, 190, 277)
        pdf.set_y(30)
        _line(pdf, _("Regional office for productive families and handicrafts"), 12, color=MUTED, gap=8)
        _line(pdf, _("Training certificate"), 28, style="B", color=BRAND, gap=10)
        _line(pdf, _("This certifies that the family"), 14, color=MUTED)
        _line(pdf, facts.family_name, 24, style="B", gap=6)
        _line(pdf, _("completed the course"), 14, color=MUTED)
        _line(pdf, facts.course_title_ar, 20, style="B", color=BRAND, gap=1)
        if facts.course_title_en:
            _line(pdf, facts.course_title_en, 12, color=MUTED)
        pdf.ln(4)
        if facts.first_day is not None:
            when = (format_date(facts.first_day, "long") if facts.first_day == facts.last_day else
                    _("from %(first)s to %(last)s", first=format_date(facts.first_day, "long"),
                      last=format_date(facts.last_day, "long")))
            _line(pdf, f"{facts.province_ar}، {when}", 13)
        _line(pdf, " · ".join((
            ngettext("%(attended)d of %(num)d session attended", "%(attended)d of %(num)d sessions attended",
                     facts.planned_sessions, attended=facts.sessions_attended),
            ngettext("%(num)d hour of training", "%(num)d hours of training", facts.hours))), 13)
        if facts.trainers:
            _line(pdf, _("Trainer: %(names)s", names="، ".join(facts.trainers)), 13)
        _line(pdf, _("Issued on %(day)s", day=format_date(facts.issued_on, "long")), 11, color=MUTED, gap=8)
        pdf.image(io.BytesIO(qr_png(url, module_pixels=4)), x=105 - QR_SIZE_MM / 2, y=pdf.get_y(),
                  w=QR_SIZE_MM, h=QR_SIZE_MM)
        pdf.set_y(pdf.get_y() + QR_SIZE_MM + 3)
        _line(pdf, _("Certificate number %(number)s", number=facts.number), 12, style="B", gap=1)
        _line(pdf, _("Anyone can check that this certificate is genuine by scanning the code."), 10, color=MUTED)
        return distinct_subset_tags(bytes(pdf.output()))
