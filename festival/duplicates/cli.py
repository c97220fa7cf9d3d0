"""`flask duplicates scan`: look for possible duplicate families across the country now.

Admins can also run it from the review queue ("Look for duplicates now"); both store the
pairs found (festival/duplicates/operations.scan), never reopening a decided one."""
import click
from flask.cli import with_appcontext

from festival.core.pipeline import one_transaction
from festival.core.types import utcnow


@click.group("duplicates")
def duplicates_group():
    """Possible duplicate families."""


@duplicates_group.command("scan")
@with_appcontext
@one_transaction
def scan_command():
    """Find possible duplicate families and add them to the admins' review queue."""
    from festival.duplicates.operations import scan

    result = scan(utcnow())
    click.echo(f"{result.found} possible duplicate pairs, {result.new} new, {result.gone} no longer alike")
