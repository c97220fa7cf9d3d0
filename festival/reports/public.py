"""What visitors may see of the sales: one total per occurrence, and only when chosen.

Never a family's own figure: the total and the number of families that reported.
"""
from datetime import datetime

from festival.markets.models import Occurrence
from festival.reports.operations import has_ended
from festival.reports.queries import published_total


def published_sales(occurrence: Occurrence, now: datetime) -> tuple[int, int] | None:
    """(total pounds, families) when the organizer publishes the total; no query otherwise."""
    if not occurrence.market.publish_sales_total or not has_ended(occurrence, now):
        return None
    return published_total(occurrence)
