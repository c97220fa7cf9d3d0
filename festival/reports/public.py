"""What visitors may see of the sales: one total per occurrence, and only when chosen.

Never a family's own figure: the total and the number of families that reported.
"""
from datetime import datetime

from festival.markets.models import Occurrence
from festival.reports.open_data import SUPPRESSION_THRESHOLD
from festival.reports.operations import has_ended
from festival.reports.queries import published_total


def published_sales(occurrence: Occurrence, now: datetime) -> tuple[int, int] | None:
    """(total pounds, families) when the organizer publishes the total and at least
    SUPPRESSION_THRESHOLD families reported (fewer: one family's figure, or a few, would be
    read or guessed from it; festival/reports/open_data.py); no query when not published."""
    if not occurrence.market.publish_sales_total or not has_ended(occurrence, now):
        return None
    total = published_total(occurrence)
    return total if total is not None and total[1] >= SUPPRESSION_THRESHOLD else None
