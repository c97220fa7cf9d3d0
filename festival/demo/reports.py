"""Demo sales reports for the dates that ended: most families reported, a few did not
attend, some reports were entered by organizers (by phone), and some are still missing."""
from datetime import timedelta

from sqlalchemy.orm import joinedload, selectinload

from festival.applications.models import Application
from festival.checkin.models import CheckIn
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.models import Market, MarketStatus, Occurrence, OccurrenceStatus
from festival.reports.models import SalesReport, SalesReportLine
from festival.reports.operations import request_reports
from festival.stalls.models import StallAssignment

BEST_PRODUCTS = ["مكدوس", "صابون الغار", "معمول بالتمر", "مربى المشمش", "شال مطرّز", "زعتر حلبي", "صحن نحاسي"]
PROBLEMS = ["", "", "الجناح بعيد عن المدخل", "", "انقطعت الكهرباء ساعتين بعد الظهر", "", "ازدحام شديد عند البوابة"]
PUBLISHED_MARKET = "مهرجان حلب للتسوّق"


def _ended_assignments(now) -> list[StallAssignment]:
    return db.session.scalars(
        db.select(StallAssignment).join(Occurrence).join(Market)
        .where(Occurrence.ends_at <= now, Occurrence.status == OccurrenceStatus.SCHEDULED,
               Market.status != MarketStatus.CANCELLED)
        .options(joinedload(StallAssignment.occurrence).joinedload(Occurrence.market),
                 joinedload(StallAssignment.application).selectinload(Application.crafts))
        .order_by(StallAssignment.id)
    ).unique().all()


def _ensure_checkins(assignments) -> int:
    """Dates without any check-in get some, so attendance shows (gate.load_checkins usually did it)."""
    occurrences_with_checkins = set(db.session.scalars(db.select(CheckIn.occurrence_id).distinct()))
    added = 0
    for assignment in assignments:
        if assignment.occurrence_id in occurrences_with_checkins or assignment.id % 5 == 0:
            continue
        db.session.add(CheckIn(occurrence_id=assignment.occurrence_id, family_id=assignment.family_id,
                               application_id=assignment.application_id, method="manual",
                               checked_in_at=assignment.occurrence.starts_at + timedelta(minutes=15)))
        added += 1
    db.session.flush()
    return added


def _report_for(assignment: StallAssignment, checked_in: bool, now) -> SalesReport | None:
    seed = assignment.id * 7919 + assignment.occurrence_id * 104729
    if seed % 7 == 0:
        return None  # still missing: the organizer's reminder button has something to do
    occurrence = assignment.occurrence
    attended = checked_in or seed % 3 == 0
    report = SalesReport(
        occurrence_id=occurrence.id, family_id=assignment.family_id, application_id=assignment.application_id,
        attended=attended, submitted_at=min(now, occurrence.ends_at + timedelta(hours=20 + seed % 50)),
        best_product=BEST_PRODUCTS[seed % len(BEST_PRODUCTS)] if attended else "",
        problems=PROBLEMS[seed % len(PROBLEMS)], rating=(seed % 5) + 1 if attended else None,
        # About one report in four was collected by phone and typed by the organizer.
        entered_by_id=occurrence.market.created_by_id if seed % 4 == 1 else None,
    )
    report.updated_at = report.submitted_at
    if attended:
        crafts = assignment.application.crafts or []
        amounts = [(150 + (seed // (index + 1)) % 900) * 1000 for index in range(len(crafts))]
        report.lines = [SalesReportLine(craft_id=craft.id, amount=amount, items=5 + amount // 40_000)
                        for craft, amount in zip(crafts, amounts, strict=True)]
        report.total_sales = sum(amounts) + (seed % 4) * 50_000  # some sales outside the listed crafts
    else:
        report.total_sales = 0
    return report


def load_reports() -> str:
    now = utcnow()
    assignments = _ended_assignments(now)
    checkins_added = _ensure_checkins(assignments)
    arrived = {tuple(row) for row in db.session.execute(db.select(CheckIn.occurrence_id, CheckIn.family_id))}
    reported = {tuple(row) for row in db.session.execute(
        db.select(SalesReport.occurrence_id, SalesReport.family_id))}
    added = 0
    for assignment in assignments:
        key = (assignment.occurrence_id, assignment.family_id)
        if key in reported:
            continue
        report = _report_for(assignment, key in arrived, now)
        if report is not None:
            db.session.add(report)
            added += 1
    festival = db.session.scalar(db.select(Market).where(Market.title_ar == PUBLISHED_MARKET)
                                 .options(selectinload(Market.occurrences)))
    if festival is not None and not festival.publish_sales_total:
        festival.publish_sales_total = True
        festival.updated_at = now
    db.session.flush()
    asked = request_reports(now)
    return f"sales reports: {added} added, {checkins_added} check-ins added, {asked} families asked"
