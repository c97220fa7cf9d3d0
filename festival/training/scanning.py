"""The trainer's camera scanner: what a scanned training pass means for one session.

The phone reads the pass's QR code with the same camera module as the gate (static/js/
qr-camera.js) and sends what it read; the answer is a verdict in the gate's shape (a tone,
a title, a message, the family), shown with the gate's verdict markup.
"""
from dataclasses import dataclass

from flask_babel import gettext as _

from festival.core import record_tokens as tokens
from festival.core.domain import DomainError
from festival.training import operations, queries
from festival.training.models import AttendanceMethod, EnrolmentStatus, TrainingSession


@dataclass(frozen=True)
class PassVerdict:
    tone: str  # ok | warn | bad, as the gate's verdicts
    title: str
    message: str = ""
    family: str | None = None

    def as_json(self) -> dict:
        return {"tone": self.tone, "title": self.title, "message": self.message, "family": self.family}


def token_in(scanned: str) -> str:
    """The token in what the camera read: the pass's URL (`HTTPS://HOST/T/<TOKEN>`) or the token."""
    text = (scanned or "").strip()
    for marker in ("/T/", "/t/"):
        if marker in text:
            text = text.rsplit(marker, 1)[1]
    return text.split("?", 1)[0].split("#", 1)[0]


def scan_pass(session: TrainingSession, scanned: str, *, by, now) -> PassVerdict:
    try:
        enrolment = queries.enrolment_or_none(tokens.read(token_in(scanned), tokens.Kind.PASS))
    except tokens.RecordTokenError:
        enrolment = None
    if enrolment is None:
        return PassVerdict("bad", _("This is not a training pass of the programme"),
                           _("The code was changed or read wrongly. Tick the family on the list instead."))
    if enrolment.cohort_id != session.cohort_id:  # another group, maybe another province: no name
        return PassVerdict("bad", _("This family has no place in this group"))
    family = enrolment.family.name
    if enrolment.status != EnrolmentStatus.ENROLLED:
        return PassVerdict("bad", _("This family has no place in this group"), family=family)
    try:
        recorded = operations.record_attendance(session, enrolment, method=AttendanceMethod.SCAN, by=by, now=now)
    except DomainError as error:
        return PassVerdict("bad", _("Not recorded"), str(error.message), family=family)
    if recorded is None:
        return PassVerdict("warn", _("Already recorded for this session"), family=family)
    return PassVerdict("ok", _("Present: recorded"), family=family)
