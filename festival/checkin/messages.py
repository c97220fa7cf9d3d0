"""What a verdict says to people: one sentence per reason, a colour per outcome.

The badge page, the scanner page and the JSON API all show `describe(verdict)`, so a
gate phone, a browser without JavaScript and another scanner app read the same words.
"""
from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from festival.checkin.verify import Outcome, Reason, Verdict
from festival.core.formatting import clock, money
from festival.core.timezones import to_damascus
from festival.fees.policy import gate_fee_due

REASON_MESSAGES = {
    Reason.MALFORMED: _l("This is not a badge code of the festival, or it was not read completely."),
    Reason.BAD_SIGNATURE: _l("This badge was altered or forged: its signature does not match."),
    Reason.UNKNOWN: _l("No badge has this code. Check the code and type it again."),
    Reason.REVOKED: _l("This badge was replaced by a newer one (lost badge or a change of stall). "
                       "Ask for the new badge."),
    Reason.WITHDRAWN: _l("The family's application was withdrawn or cancelled, "
                         "or the family no longer has this stall."),
    Reason.CANCELLED: _l("This market day is cancelled."),
    Reason.WRONG_EVENT: _l("This badge is for another market or date, not the one you work at."),
    Reason.NOT_YET: _l("This badge is for a later day: it is not valid today."),
    Reason.EXPIRED: _l("This badge's day is over: it is no longer valid."),
}

# Colours: green lets the family in, amber means "already in", red stops them.
TONES = {Outcome.VALID: "ok", Outcome.DUPLICATE: "warn", Outcome.INVALID: "bad"}


@dataclass
class Shown:
    """A verdict in words, ready for a template or a JSON answer."""

    outcome: str
    reason: str | None
    tone: str
    title: str
    message: str
    family: str | None
    stall: str | None
    event: str | None
    day: object | None
    checked_in_at: datetime | None  # Damascus local time
    checked_in_by: str | None
    can_check_in: bool
    fee_due: int | None = None  # the stall fee still to pay, where the market wants the gate told
    fee_url: str | None = None  # where the gate records the payment

    @property
    def time_text(self) -> str | None:
        return clock(self.checked_in_at) if self.checked_in_at else None

    def as_json(self) -> dict:
        return {
            "outcome": self.outcome, "reason": self.reason, "family": self.family, "stall": self.stall,
            "checked_in_at": self.checked_in_at.isoformat() if self.checked_in_at else None,
            "checked_in_by": self.checked_in_by, "tone": self.tone, "title": self.title, "message": self.message,
            "fee_due": self.fee_due, "fee_url": self.fee_url,
        }


def isolated(text: str) -> str:
    """A name in its own direction inside a sentence (an Arabic name in an English one, or the reverse)."""
    return f"\u2068{text}\u2069"


def _arrival_sentence(time_text: str, by_name: str | None, *, already: bool) -> str:
    by_name = isolated(by_name) if by_name else None
    if already:
        if by_name:
            return _("Already checked in at %(time)s by %(name)s.", time=time_text, name=by_name)
        return _("Already checked in at %(time)s.", time=time_text)
    if by_name:
        return _("Checked in at %(time)s by %(name)s.", time=time_text, name=by_name)
    return _("Checked in at %(time)s.", time=time_text)


def describe(verdict: Verdict, *, for_staff: bool = True) -> Shown:
    """`for_staff=False` is the public view: valid or not, the family and its stall, nothing else."""
    badge, checkin = verdict.badge, verdict.checkin
    occurrence = badge.occurrence if badge else None
    arrived_at = to_damascus(checkin.checked_in_at) if checkin else None
    by_name = checkin.by.display_name if checkin and checkin.by else None
    common = {
        "family": badge.family.name if badge else None, "stall": badge.stall_code if badge else None,
        "event": occurrence.market.title if occurrence else None, "day": occurrence.day if occurrence else None,
    }
    if not for_staff:
        valid = verdict.outcome != Outcome.INVALID
        return Shown(outcome="valid" if valid else "invalid", reason=None, tone="ok" if valid else "bad",
                     title=_("Valid badge") if valid else _("This badge is not valid"), message="",
                     checked_in_at=None, checked_in_by=None, can_check_in=False, **common)
    if verdict.outcome == Outcome.INVALID:
        title, message = _("Not valid"), str(REASON_MESSAGES[verdict.reason])
    elif verdict.outcome == Outcome.DUPLICATE:
        title = _("Already checked in")
        message = _arrival_sentence(clock(arrived_at), by_name, already=True)
    elif checkin is not None:
        title, message = _("Checked in"), _arrival_sentence(clock(arrived_at), by_name, already=False)
    else:
        title, message = _("Valid badge"), _("Tap the button to record the family's arrival.")
    fee_due = gate_fee_due(badge.application) if verdict.outcome != Outcome.INVALID else None
    if fee_due:
        message = " ".join((message, _("The stall fee is not paid: %(amount)s still to pay.", amount=money(fee_due))))
    return Shown(outcome=verdict.outcome.value, reason=verdict.reason.value if verdict.reason else None,
                 tone=TONES[verdict.outcome], title=title, message=message,
                 checked_in_at=arrived_at, checked_in_by=by_name,
                 can_check_in=verdict.outcome == Outcome.VALID and checkin is None, fee_due=fee_due,
                 fee_url=url_for("fees.family", market_id=occurrence.market_id, family_id=badge.family_id,
                                 _anchor="pay") if fee_due else None, **common)


# One representative count per plural category (CLDR), so the phone picks the right form of a
# count with Intl.PluralRules: Arabic has all six, English one and other.
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}


def _plural_forms(say) -> dict:
    """`say(count)` is an ngettext call (literal strings, so that the catalog has them)."""
    return {category: say(count).replace(str(count), "%(num)d", 1) for category, count in PLURAL_SAMPLES.items()}


def offline_words() -> dict:
    """What the scanner page says when the phone decides offline (static/js/scanner.js): the
    same reasons and sentences as `describe`, with %(time)s and %(num)d left for the phone."""
    return {
        "reasons": {reason.value: str(message) for reason, message in REASON_MESSAGES.items()},
        "titles": {"checked_in": _("Checked in"), "duplicate": _("Already checked in"), "invalid": _("Not valid")},
        "sentences": {"checked_in": _("Checked in at %(time)s.", time="%(time)s"),
                      "already": _("Already checked in at %(time)s.", time="%(time)s")},
        "saved_offline": _("Saved on this phone: it is sent when the network is back."),
        "name_unknown": _("A badge issued after this phone's list: name not known yet."),
        "no_package": _("This phone has no list of badges for this date yet. Connect once to download it; "
                        "meanwhile tick families on the paper list."),
        "store_failed": _("This phone could not save the scan. Tick the family on the paper list."),
        "removed": _("An organizer removed this phone from the gate of this market. "
                     "Its list of badges was deleted; ask the organizer."),
        "checking": _("Checking…"), "ready": _("Ready for the next badge."),
        "no_camera": _("The camera cannot be used on this phone. Type the short code printed on the badge."),
        "states": {"online": _("Online"), "offline": _("Offline: this phone checks badges itself"),
                   "forced": _("Working offline (your choice)"), "syncing": _("Sending the scans…"),
                   "signed_out": _("Signed out: log in again to send the scans"),
                   "back_online": _("The network is back."),
                   "went_offline": _("No network: this phone checks badges itself and keeps the scans.")},
        "ready_offline": _plural_forms(lambda count: ngettext(
            "Ready to work offline: %(num)d badge on this phone.",
            "Ready to work offline: %(num)d badges on this phone.", count)),
        "not_ready_offline": _("Not ready to work offline yet: keep this page open while online."),
        "buttons": {"go_offline": _("Work offline"), "go_online": _("Go back online")},
        "waiting": _plural_forms(lambda count: ngettext(
            "%(num)d scan waiting to be sent", "%(num)d scans waiting to be sent", count)),
    }
