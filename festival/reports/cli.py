"""`flask reports request`: ask the families of every ended date for their sales report now.

The job consumer's schedule does this every ten minutes (festival/schedules.py); the
command is for a one-off run, and is idempotent like the schedule."""
import click
from flask.cli import with_appcontext

from festival.core.pipeline import one_transaction
from festival.core.types import utcnow


@click.group("reports")
def reports_group():
    """Sales reports."""


@reports_group.command("request")
@with_appcontext
@one_transaction
def request_command():
    """Notify the families of the dates that ended (the schedule does it every ten minutes)."""
    from festival.reports.operations import request_reports

    asked = request_reports(utcnow())
    click.echo(f"sales reports requested from {asked} families")
