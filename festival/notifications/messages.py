"""What a notification says: a title and a sentence, in the reader's language.

Notifications are stored as a kind and parameters, so the same row reads in Arabic or
English depending on who opens it and when. Rendering never fails: a kind this module
does not know, or missing parameters, give a generic text instead of an error.
"""
from datetime import date, datetime, time

from flask_babel import format_date, format_time, ngettext
from flask_babel import gettext as _

from festival.core.formatting import money
from festival.core.i18n import is_arabic


def render(notification) -> tuple[str, str]:
    """(title, body) of a Notification in the current request's language."""
    return render_kind(notification.kind, notification.params)


def titled(notifications) -> list[tuple]:
    """(notification, its title) for pages that list what was sent."""
    return [(notification, render(notification)[0]) for notification in notifications]


def render_kind(kind: str, params: dict | None) -> tuple[str, str]:
    params = params if isinstance(params, dict) else {}
    texts = _TEXTS.get(kind)
    if texts is None:
        return _("New notification"), _("There is something new for you. Open it to see the details.")
    title, body = texts(params)
    reason = str(params.get("reason") or "").strip()
    if reason:
        body = " ".join((body, _("Reason: %(reason)s", reason=reason)))
    return title, body


def _market_title(params: dict) -> str:
    arabic = str(params.get("market_title_ar") or "").strip()
    english = str(params.get("market_title_en") or "").strip()
    title = (english or arabic) if not is_arabic() else (arabic or english)
    return title or _("the market")


def _day(params: dict) -> str:
    value = params.get("day")
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return ""
    return format_date(value, format="long") if isinstance(value, date) else ""


def _where(params: dict) -> str:
    """`سوق الجمعة بتاريخ 5 كانون الأول 2026`, or only the market when the day is unknown."""
    day = _day(params)
    market = _market_title(params)
    return _("%(market)s on %(day)s", market=market, day=day) if day else market


def _count(params: dict) -> int:
    try:
        return max(int(params.get("count") or 1), 1)
    except (TypeError, ValueError):
        return 1


def _submitted(params: dict) -> tuple[str, str]:
    count = _count(params)
    if count > 1:
        body = ngettext(
            "We received your applications for %(num)d date of %(market)s, the first on %(day)s. "
            "We will let you know as soon as they are reviewed.",
            "We received your applications for %(num)d dates of %(market)s, the first on %(day)s. "
            "We will let you know as soon as they are reviewed.",
            count, market=_market_title(params), day=_day(params),
        )
    else:
        body = _("We received your application for %(where)s. We will let you know as soon as it is reviewed.",
                 where=_where(params))
    return _("We received your application"), body


def _deadline(params: dict) -> str:
    """The last day to report, `30 تشرين الثاني 2026`."""
    return _day({"day": params.get("deadline")})


def _report_due(params: dict) -> tuple[str, str]:
    deadline = _deadline(params)
    body = _("How did %(where)s go? Please fill in your sales report.", where=_where(params))
    if deadline:
        body = " ".join((body, _("You can fill it in until %(deadline)s.", deadline=deadline)))
    return _("Your sales report is waiting"), body


def _report_reminder(params: dict) -> tuple[str, str]:
    deadline = _deadline(params)
    body = _("We have not received your sales report for %(where)s yet. It takes two minutes, and it helps "
             "the programme support productive families.", where=_where(params))
    if deadline:
        body = " ".join((body, _("You can fill it in until %(deadline)s.", deadline=deadline)))
    return _("Reminder: your sales report"), body


def _report_deadline(params: dict) -> tuple[str, str]:
    body = _("Your sales report for %(where)s can be filled in until %(deadline)s. It takes two minutes.",
             where=_where(params), deadline=_deadline(params) or "-")
    return _("Last days for your sales report"), body


def _opening_time(params: dict) -> str:
    try:
        opens_at = time.fromisoformat(str(params.get("opens_at")))
    except ValueError:
        return ""
    return format_time(datetime.combine(date(2000, 1, 1), opens_at), format="short", rebase=False)


def _market_tomorrow(params: dict) -> tuple[str, str]:
    stall = str(params.get("stall_code") or "").strip()
    opens = _opening_time(params)
    body = _("Tomorrow is %(where)s.", where=_where(params))
    if stall:
        body = " ".join((body, _("Your stall is %(stall)s.", stall=stall)))
    if opens:
        body = " ".join((body, _("The market opens at %(time)s.", time=opens)))
    body = " ".join((body, _("Bring your badge: it is on your application page.")))
    return _("See you tomorrow at the market"), body


def _stall_assigned(params: dict) -> tuple[str, str]:
    return (_("Your stall: %(stall)s", stall=str(params.get("stall_code") or "")),
            _("Your stall at %(where)s is %(stall)s. You can see it on the map of your application.",
              where=_where(params), stall=str(params.get("stall_code") or "")))


def _stall_moved(params: dict) -> tuple[str, str]:
    return (_("Your stall has changed: %(stall)s", stall=str(params.get("stall_code") or "")),
            _("Your stall at %(where)s is now %(stall)s. You can see it on the map of your application.",
              where=_where(params), stall=str(params.get("stall_code") or "")))


def _stall_removed(params: dict) -> tuple[str, str]:
    return (_("Your stall was taken back"),
            _("Your stall %(stall)s at %(where)s was taken back. The organizers will tell you your new place.",
              where=_where(params), stall=str(params.get("stall_code") or "")))


def _cancelled_date(params: dict) -> tuple[str, str]:
    return _("The market day is cancelled"), _("We are sorry: %(where)s is cancelled.", where=_where(params))


def sms_text(kind: str, params: dict | None) -> str:
    """The SMS of a notification: its title and where it happens, short (UCS-2 parts cost)."""
    params = params if isinstance(params, dict) else {}
    if kind == "announcement":  # the organizer's own words, counted in parts before sending
        return f"{_market_title(params)}: {str(params.get('text') or '').strip()}"
    title, _body = render_kind(kind, {**params, "reason": None})
    pieces = [title]
    if kind in _TEXTS and params.get("day"):
        pieces.append(_first_session(params) if kind.startswith("training.") else _where(params))
    if params.get("stall_code") and kind == "market.tomorrow":
        pieces.append(_("stall %(stall)s", stall=str(params["stall_code"])))
    opens = _opening_time(params)
    if opens:
        pieces.append(opens)
    deadline = _deadline(params)
    if deadline and kind.startswith("report."):
        pieces.append(_("until %(deadline)s", deadline=deadline))
    reason = str(params.get("reason") or "").strip()
    if reason:
        pieces.append(_("Reason: %(reason)s", reason=reason))
    return " - ".join(piece for piece in pieces if piece)


def _course_title(params: dict) -> str:
    arabic = str(params.get("course_title_ar") or "").strip()
    english = str(params.get("course_title_en") or "").strip()
    return ((english or arabic) if not is_arabic() else (arabic or english)) or _("the course")


def _first_session(params: dict) -> str:
    """`5 كانون الأول 2026، 10:00`: when the (first or next) session starts, or nothing."""
    day = _day(params)
    if not day:
        return ""
    try:
        at = time.fromisoformat(str(params.get("time") or ""))
    except ValueError:
        return day
    clock = format_time(datetime.combine(date(2000, 1, 1), at), format="short", rebase=False)
    return _("%(day)s at %(time)s", day=day, time=clock)


def _training_enrolled(params: dict) -> tuple[str, str]:
    body = _("You have a place in the course %(course)s.", course=_course_title(params))
    when = _first_session(params)
    if when:
        body = " ".join((body, _("The first session is on %(when)s.", when=when)))
    return _("You are enrolled: %(course)s", course=_course_title(params)), body


def _training_promoted(params: dict) -> tuple[str, str]:
    title, body = _training_enrolled(params)
    return (_("A place became free: %(course)s", course=_course_title(params)),
            " ".join((_("A place became free, so you moved from the waiting list into the course."), body)))


def _training_reminder(params: dict) -> tuple[str, str]:
    when, place = _first_session(params), str(params.get("place") or "").strip()
    title = (_("Training today: %(course)s", course=_course_title(params)) if params.get("today")
             else _("Training tomorrow: %(course)s", course=_course_title(params)))
    body = _("Your session of %(course)s is on %(when)s.", course=_course_title(params), when=when)
    if place:
        body = " ".join((body, _("Place: %(place)s", place=place)))
    return title, " ".join((body, _("Bring your training pass: it is on your training page.")))


def _amount(params: dict) -> str:
    amount = params.get("amount")
    return money(amount) if isinstance(amount, int) else ""


def _fee_paid(params: dict) -> tuple[str, str]:
    return (_("Payment received: %(amount)s", amount=_amount(params)),
            _("We received %(amount)s for your stall at %(market)s. Your receipt number %(receipt)s is on your "
              "fees page.", amount=_amount(params), market=_market_title(params),
              receipt=str(params.get("receipt") or "")))


def _fee_refunded(params: dict) -> tuple[str, str]:
    return (_("Money given back: %(amount)s", amount=_amount(params)),
            _("%(amount)s was given back to you for %(market)s. Receipt number %(receipt)s is on your fees page.",
              amount=_amount(params), market=_market_title(params), receipt=str(params.get("receipt") or "")))


def _document(params: dict) -> str:
    arabic = str(params.get("document_ar") or "").strip()
    english = str(params.get("document_en") or "").strip()
    return ((english or arabic) if not is_arabic() else (arabic or english)) or _("your document")


def _expires_on(params: dict) -> str:
    return _day({"day": params.get("expires_on")})


def _document_verified(params: dict) -> tuple[str, str]:
    body = _("The organizers checked your %(document)s and accepted it.", document=_document(params))
    if _expires_on(params):
        body = " ".join((body, _("It is valid until %(day)s.", day=_expires_on(params))))
    return _("Document accepted: %(document)s", document=_document(params)), body


def _document_rejected(params: dict) -> tuple[str, str]:
    return (_("Document not accepted: %(document)s", document=_document(params)),
            _("The organizers could not accept your %(document)s. Upload it again on your documents page.",
              document=_document(params)))


def _document_expiring(params: dict) -> tuple[str, str]:
    try:
        days = max(int(params.get("days") or 0), 0)
    except (TypeError, ValueError):
        days = 0
    return (_("Your %(document)s expires on %(day)s", document=_document(params), day=_expires_on(params)),
            ngettext("Your %(document)s expires in %(num)d day, on %(day)s. Upload the renewed one on your "
                     "documents page, so the markets you apply to can accept it.",
                     "Your %(document)s expires in %(num)d days, on %(day)s. Upload the renewed one on your "
                     "documents page, so the markets you apply to can accept it.",
                     days, document=_document(params), day=_expires_on(params)))


_TEXTS = {
    "fee.paid": _fee_paid,
    "fee.refunded": _fee_refunded,
    "document.verified": _document_verified,
    "document.rejected": _document_rejected,
    "document.expiring": _document_expiring,
    "training.enrolled": _training_enrolled,
    "training.promoted": _training_promoted,
    "training.waitlisted": lambda params: (
        _("On the waiting list: %(course)s", course=_course_title(params)),
        _("The course %(course)s is full for now, so you are on its waiting list. "
          "If a place becomes free, we will tell you straight away.", course=_course_title(params)),
    ),
    "training.reminder": _training_reminder,
    "training.certificate": lambda params: (
        _("Your certificate is ready: %(course)s", course=_course_title(params)),
        _("Congratulations! You completed %(course)s. Your certificate is on your training page.",
          course=_course_title(params)),
    ),
    "announcement": lambda params: (_("Message from the organizers of %(market)s", market=_market_title(params)),
                                    str(params.get("text") or "").strip()),
    "stall.assigned": _stall_assigned,
    "stall.moved": _stall_moved,
    "stall.removed": _stall_removed,
    "occurrence.cancelled": _cancelled_date,
    "report.due": _report_due,
    "report.deadline": _report_deadline,
    "market.tomorrow": _market_tomorrow,
    "report.reminder": _report_reminder,
    "application.submitted": _submitted,
    "application.approved": lambda params: (
        _("Your application was approved"),
        _("Your application for %(where)s was approved. We look forward to seeing you there!",
          where=_where(params)),
    ),
    "application.waitlisted": lambda params: (
        _("Your application is on the waitlist"),
        _("All the stalls of %(where)s are taken for now, so your application is on the waitlist. "
          "If a stall becomes free, we will tell you straight away.", where=_where(params)),
    ),
    "application.rejected": lambda params: (
        _("Your application was not accepted"),
        _("We are sorry: your application for %(where)s was not accepted.", where=_where(params)),
    ),
    "application.cancelled": lambda params: (
        _("Your participation was cancelled"),
        _("We are sorry: your participation in %(where)s was cancelled.", where=_where(params)),
    ),
    "application.promoted": lambda params: (
        _("Good news: your application was approved"),
        _("A stall became free in %(where)s, so your application moved from the waitlist to approved. "
          "We look forward to seeing you there!", where=_where(params)),
    ),
    "application.withdrawn": lambda params: (
        _("Your application was withdrawn"),
        _("Your application for %(where)s was withdrawn. You are welcome to apply for another date.",
          where=_where(params)),
    ),
}
