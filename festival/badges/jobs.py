"""Badge PDFs as jobs: every badge of a date, or of every date of a market, built in the consumer.

1,000 badges take seconds of CPU (QR codes and shaped Arabic): too long for a request
under a 30-second worker timeout, and the organizer's phone may lose the connection
anyway. `prepare` issues the badges still missing (a write); `build` only reads.
"""
from flask_babel import force_locale

from festival.badges import operations, queries
from festival.badges.cards import card_for
from festival.badges.pdf import badge_sheet_pdf
from festival.extensions import db
from festival.jobs.models import Job
from festival.jobs.operations import BuiltFile, builds
from festival.markets.models import Market, Occurrence, OccurrenceStatus

PDF = "application/pdf"


def _occurrences(job: Job) -> list[Occurrence]:
    if job.kind == "badges.occurrence":
        return [db.session.get(Occurrence, job.params["occurrence_id"])]
    market = db.session.get(Market, job.params["market_id"])
    return [o for o in market.occurrences if o.status != OccurrenceStatus.CANCELLED]


def _issue_missing(job: Job) -> None:
    requested_by = job.requested_by
    for occurrence in _occurrences(job):
        operations.ensure_badges(queries.applications_without_badge(occurrence), by=requested_by)


def _build(job: Job, progress) -> BuiltFile:
    occurrences = _occurrences(job)
    with force_locale(job.params.get("locale") or "ar_SY"):
        cards = [card_for(badge) for occurrence in occurrences for badge in queries.badges_to_print(occurrence)]
        content = badge_sheet_pdf(cards, progress=progress)
    if job.kind == "badges.occurrence":
        name = f"badges-{occurrences[0].day.isoformat()}.pdf"
    else:
        name = f"badges-market-{job.params['market_id']}.pdf"
    return BuiltFile(content, name, PDF)


builds("badges.occurrence", prepare=_issue_missing)(_build)
builds("badges.market", prepare=_issue_missing)(_build)
