"""The family's training pass: a signed token of its enrolment, shown as a QR code on its
phone (or printed). The trainer's phone reads it like a badge: the camera opens
`HTTPS://HOST/T/<TOKEN>`, and the trainer, signed in, records the family at the session
under way (festival/training/public_views.py)."""
from festival.core import record_tokens as tokens
from festival.core.qr import qr_url
from festival.core.urls import site_base_url
from festival.training.models import Enrolment


def pass_token(enrolment: Enrolment) -> str:
    return tokens.sign(tokens.Kind.PASS, enrolment.id)


def pass_url(enrolment: Enrolment) -> str:
    return qr_url(site_base_url(), pass_token(enrolment), "T")
