"""An organizer writes to the families of a date in one situation (approved, no-show, ...).

Each family gets it as every other message: in the app, by SMS and email where it chose
them, through the outbox, with its delivery followed on the market's "Messages sent" page.
Before sending, the preview says how many families and how many SMS parts it costs.
"""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale, lazy_ngettext
from flask_babel import lazy_gettext as _l

from festival.audit.log import record
from festival.core.domain import DomainError
from festival.core.sms import sms_parts, sms_safe
from festival.core.urls import site_base_url
from festival.manage.audiences import Audience, recipients
from festival.markets.models import Occurrence
from festival.notifications.messages import sms_text
from festival.notifications.service import notify

MAX_LENGTH = 300


@dataclass(frozen=True)
class Preview:
    families: int
    parts: int  # of one SMS
    sms_text: str

    @property
    def total_parts(self) -> int:
        return self.families * self.parts


def _params(occurrence: Occurrence, text: str) -> dict:
    market = occurrence.market
    return {"market_title_ar": market.title_ar, "market_title_en": market.title_en or market.title_ar,
            "day": occurrence.day.isoformat(), "text": text}


def _clean(text: str | None) -> str:
    text = sms_safe(text or "")
    if not text:
        raise DomainError(_l("Write the message."), field="text")
    if len(text) > MAX_LENGTH:
        raise DomainError(lazy_ngettext(
            "Keep the message under %(num)d character: every 67 letters cost one more SMS.",
            "Keep the message under %(num)d characters: every 67 letters cost one more SMS.", MAX_LENGTH),
            field="text")
    return text


def _link(person) -> str:
    return f"/family/applications/{person.application_id}" if person.application_id else "/family"


def preview(occurrence: Occurrence, audience: Audience, text: str | None) -> Preview:
    """What the families will get, with the longest link among them (its SMS costs the most parts)."""
    text = _clean(text)
    people = recipients(occurrence, audience)
    longest = max((_link(person) for person in people), key=len, default="/family")
    with force_locale("ar_SY"):
        sample = sms_safe(f"{sms_text('announcement', _params(occurrence, text))} {site_base_url()}{longest}")
    return Preview(len(people), sms_parts(sample), sample)


def announce(occurrence: Occurrence, audience: Audience, text: str | None, *, by, now: datetime,
             nonce: str | None = None) -> int:
    """Tell every family of the group; the same `nonce` (one per writing of the form) sends once."""
    text = _clean(text)
    people = recipients(occurrence, audience)
    if not people:
        raise DomainError(_l("No family is in this group yet."), field="audience")
    key = f"announcement:{occurrence.id}:{audience}:{nonce or now.isoformat()}"[:200]
    for person in people:
        notify(person.user, "announcement", key=key, link=_link(person), market_id=occurrence.market_id,
               application_id=person.application_id, **_params(occurrence, text))
    record("announcement.sent", occurrence, actor=by, audience=str(audience), families=len(people), text=text)
    return len(people)
