"""`flask reports request`: ask the families of every ended date for their sales report."""
import click
from flask.cli import with_appcontext

from festival.core.types import utcnow
from festival.extensions import db


@click.group("reports")
def reports_group():
    """Sales reports."""


@reports_group.command("request")
@with_appcontext
def request_command():
    """Notify the families of the dates that ended (run it hourly, e.g. from cron)."""
    from festival.reports.operations import request_reports

    asked = request_reports(utcnow())
    db.session.commit()
    click.echo(f"sales reports requested from {asked} families")
