"""Demo markets (past, current, future, one cancelled, one draft) and applications in every state.

Dates are relative to today in Damascus, so the demo always has something upcoming.
"""
from datetime import UTC, datetime, time, timedelta

from sqlalchemy.orm import selectinload

from festival.applications import operations as applications
from festival.applications.models import Application, ApplicationStatus, Question
from festival.auth.models import Role, User
from festival.core.domain import DomainError
from festival.core.timezones import today_in_damascus
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.markets import operations as markets
from festival.markets.models import Market, Occurrence
from festival.provinces.models import Province
from festival.vendors.models import Family
from festival.venues.models import Venue

DEFAULT_TERMS = ("تلتزم الأسرة بالحضور في الموعد، وبعرض منتجات من صنعها فقط، وبترك الجناح نظيفاً عند المغادرة.")

# key, province, venue, kind, title (ar, en), first day (Fridays from this week, or a timedelta from
# today), days or Fridays, window opens/closes (days from today), status, crafts
DEMO_MARKETS = [
    ("damascus-weekly", "damascus", "حديقة تشرين", "friday",
     ("سوق الجمعة للأسر المنتجة في دمشق", "Friday market of productive families, Damascus"),
     -5, 12, (-70, -40), "published", ["food", "sweets", "dairy", "embroidery", "soap", "copper", "mosaic"]),
    ("damascus-crafts", "damascus", "التكية السليمانية", "festival",
     ("مهرجان الصناعات الحرفية والتقليدية", "Handicrafts and traditional industries festival"),
     4, 3, (-7, 14), "published", ["mosaic", "copper", "glass", "wood", "weaving", "embroidery", "leather", "jewelry"]),
    ("aleppo-festival", "aleppo", "حديقة السبيل", "festival", ("مهرجان حلب للتسوّق", "Aleppo shopping festival"),
     -9, 4, (-100, -70), "published", ["food", "sweets", "soap", "weaving", "knitting", "herbs"]),
    ("aleppo-weekly", "aleppo", "حديقة السبيل", "friday", ("سوق الجمعة في حلب", "Aleppo Friday market"),
     2, 8, (-5, 10), "published", ["food", "sweets", "soap", "knitting", "herbs", "produce"]),
    ("homs-weekly", "homs", "ساحة الساعة الجديدة", "friday", ("سوق الجمعة في حمص", "Homs Friday market"),
     5, 10, (1, 30), "draft", ["food", "dairy", "pottery", "sweets"]),
    ("latakia-festival", "latakia", "الكورنيش الجنوبي", "festival",
     ("مهرجان الساحل للمونة", "Coast preserves festival"),
     3, 2, (-10, 10), "cancelled", ["food", "produce", "jewelry"]),
    ("tartus-weekly", "tartus", "كورنيش طرطوس البحري", "friday", ("سوق الجمعة على الكورنيش", "Seafront Friday market"),
     3, 6, (-3, 14), "published", ["food", "produce", "soap", "wood", "leather"]),
    ("hama-festival", "hama", "حديقة أم الحسن", "festival",
     ("مهرجان حماة للأسر المنتجة", "Hama productive families festival"),
     6, 2, (0, 30), "published", ["food", "embroidery", "weaving", "glass", "herbs"]),
    # Today and yesterday, whatever the weekday: right after `make run` the gate can check
    # families in, no-shows can be refilled, and yesterday's families can report their sales.
    ("damascus-today", "damascus", "التكية السليمانية", "festival",
     ("يوم المونة الدمشقية", "Damascene preserves day"),
     timedelta(days=0), 1, (-30, -5), "published", ["food", "sweets", "dairy", "herbs", "produce", "soap"]),
    ("aleppo-yesterday", "aleppo", "حديقة السبيل", "festival",
     ("يوم الحرف الحلبية", "Aleppo crafts day"),
     timedelta(days=-1), 1, (-30, -5), "published", ["food", "sweets", "soap", "weaving", "knitting", "herbs"]),
]


def _friday_in_weeks(weeks: int):
    today = today_in_damascus()
    return today + timedelta(days=(4 - today.weekday()) % 7) + timedelta(weeks=weeks)


def _at(days_from_today: int) -> datetime:
    return datetime.combine(today_in_damascus() + timedelta(days=days_from_today), time(9), tzinfo=UTC)


def load_markets() -> str:
    organizer_by_province = {}
    for user in db.session.scalars(db.select(User).where(User.role == Role.ORGANIZER)
                                   .options(selectinload(User.provinces))):
        for province in user.provinces:
            organizer_by_province.setdefault(province.slug, user)
    crafts = {craft.slug: craft for craft in db.session.scalars(db.select(CraftCategory))}
    added = 0
    for key, slug, venue_name, kind, (title_ar, title_en), start, length, window, status, craft_slugs in DEMO_MARKETS:
        province = db.session.scalar(db.select(Province).where(Province.slug == slug))
        if db.session.scalar(db.select(Market.id).where(Market.province_id == province.id,
                                                        Market.title_ar == title_ar)):
            continue
        venue = db.session.scalar(db.select(Venue).where(Venue.province_id == province.id,
                                                         Venue.name_ar == venue_name))
        if venue is None:
            continue
        first_day = today_in_damascus() + start if isinstance(start, timedelta) else _friday_in_weeks(start)
        plan = markets.MarketPlan(
            kind=kind, title_ar=title_ar, title_en=title_en, venue=venue, first_day=first_day,
            last_day=first_day + timedelta(days=length - 1) if kind == "festival" else None,
            occurrence_count=length if kind == "friday" else None,
            opens_at=time(10) if kind == "festival" else time(9),
            closes_at=time(21) if kind == "festival" else time(15),
            applications_open_at=_at(window[0]), applications_close_at=_at(window[1]),
            description_ar="سوق تعرض فيه الأسر المنتجة ما تصنعه في بيوتها: مونة وحلويات وأشغال يدوية.",
            description_en="Productive families sell what they make at home: preserves, sweets and handicrafts.",
            stall_fee=50000 if kind == "festival" else 0, contact="مكتب الأسر المنتجة في المحافظة",
            crafts=[crafts[craft] for craft in craft_slugs],
        )
        market = markets.schedule_market(plan, province, by=organizer_by_province.get(slug))
        market.terms_ar = DEFAULT_TERMS
        if key == "damascus-weekly":
            market.questions.append(Question(kind="yes_no", label_ar="هل تحتاجون إلى طاولة من المنظِّمين؟",
                                             label_en="Do you need a table from the organizers?", required=True))
        if status in ("published", "cancelled"):
            markets.publish_market(market)
        if key == "damascus-weekly":
            holiday = market.occurrences[3]  # cancelled a week ahead, as an organizer would have
            markets.cancel_occurrence(holiday, "عطلة رسمية", now=holiday.starts_at - timedelta(days=7))
        if status == "cancelled":
            markets.cancel_market(market, "أُلغي المهرجان بسبب الأحوال الجوية")
        added += 1
    db.session.flush()
    return f"markets: {added} added"


# Which families (by index in the province) end in which state, per market key.
DEMO_DECISIONS = {
    "damascus-weekly": ["approved", "approved", "approved", "waitlisted", "rejected"],
    "damascus-crafts": ["approved", "submitted", "waitlisted", "rejected", "withdrawn", "cancelled"],
    "aleppo-festival": ["approved", "approved", "approved", "approved"],
    "aleppo-weekly": ["submitted", "submitted", "approved", "waitlisted"],
    "tartus-weekly": ["submitted", "approved"],
    "damascus-today": ["approved", "approved", "approved", "approved", "approved", "waitlisted", "submitted"],
    "aleppo-yesterday": ["approved", "approved", "approved", "approved"],
}


def load_applications() -> str:
    added = 0
    for key, states in DEMO_DECISIONS.items():
        spec = next(m for m in DEMO_MARKETS if m[0] == key)
        market = db.session.scalar(db.select(Market).where(Market.title_ar == spec[4][0])
                                   .options(selectinload(Market.occurrences)))
        if market is None:
            continue
        families = _families_near(market)
        organizer = market.created_by
        now = market.applications_open_at + timedelta(hours=1)
        days = [o for o in market.occurrences if not o.is_cancelled][:3]
        for family, state in zip(families, states, strict=False):
            added += _apply_as(family, market, days, state, organizer, now)
    db.session.flush()
    return f"applications: {added} added"


def _families_near(market: Market) -> list[Family]:
    provinces = [market.province_id]
    if market.province.slug == "damascus":
        provinces.append(db.session.scalar(db.select(Province.id).where(Province.slug == "rif-dimashq")))
    return list(db.session.scalars(db.select(Family).where(Family.province_id.in_(provinces)).order_by(Family.id)))


def _apply_as(family: Family, market: Market, days, state: str, organizer, now) -> int:
    if db.session.scalar(db.select(Application.id).where(Application.family_id == family.id,
                                                         Application.occurrence_id == days[0].id)):
        return 0
    allowed = [craft for craft in family.crafts if craft in market.crafts] or market.crafts[:1]
    answers = {question.id: "yes" for question in market.questions}
    request = applications.ApplicationRequest(crafts=allowed, accept_terms=True, answers=answers,
                                              needs_electricity=family.id % 3 == 0, note="")
    try:
        with db.session.begin_nested():
            created = applications.apply(family, days, request, now=now)
            for application in created:
                if state == "withdrawn":
                    applications.withdraw(application, by=family.user, now=now)
                elif state != "submitted":
                    reason = {"rejected": "المنتجات لا تناسب فئات هذا السوق",
                              "cancelled": "طلبت الأسرة الإلغاء هاتفياً"}.get(state)
                    applications.decide(application, state, by=organizer, reason=reason, now=now)
    except DomainError:
        return 0  # e.g. an incomplete profile, or no stall left: the demo simply moves on
    return len(created)


def load_stalls() -> str:
    """Place the approved families of every date with the automatic assigner."""
    from festival.stalls.assigner_data import propose_for
    from festival.stalls.models import StallAssignment
    from festival.stalls.operations import apply_proposal
    from festival.stalls.reasons import encode

    placed = 0
    occurrences = db.session.scalars(
        db.select(Occurrence).join(Application, Application.occurrence_id == Occurrence.id)
        .where(Application.status == ApplicationStatus.APPROVED).distinct().order_by(Occurrence.id))
    for occurrence in occurrences:
        if db.session.scalar(db.select(StallAssignment.id).where(StallAssignment.occurrence_id == occurrence.id)
                             .limit(1)):
            continue
        _inputs, proposal = propose_for(occurrence)
        placements = [(p.application_id, p.stall_id, encode(p.reasons)) for p in proposal.placements]
        placed += apply_proposal(occurrence, placements, by=occurrence.market.created_by)
    db.session.flush()
    return f"stalls: {placed} families placed"
