"""Command-line tools: `flask create-admin`, `flask demo`, `flask translate …`.

Commands that change data are `@one_transaction`: one commit, or a rollback and a message."""
import subprocess
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from festival.auth.models import Role
from festival.auth.operations import create_staff_user
from festival.config import PROJECT_ROOT
from festival.core.phones import InvalidPhone
from festival.core.pipeline import one_transaction

TRANSLATIONS_DIR = PROJECT_ROOT / "festival" / "translations"
POT_FILE = PROJECT_ROOT / "messages.pot"


@click.command("create-admin")
@click.option("--phone", prompt="Mobile number", help="Login, e.g. 0944123456")
@click.option("--name", prompt="Name", help="Shown in the interface")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
@one_transaction
def create_admin_command(phone, name, password):
    """Create an administrator account."""
    if len(password) < 8:
        raise click.BadParameter("at least 8 characters", param_hint="--password")
    try:
        user = create_staff_user(phone=phone, display_name=name, role=Role.ADMIN, password=password)
    except InvalidPhone as error:
        raise click.ClickException(str(error.message)) from error
    click.echo(f"Admin created: {user.phone}")


@click.command("demo")
@with_appcontext
@one_transaction
def demo_command():
    """Load the demo data (safe to run again: nothing is duplicated)."""
    from festival.demo import load_demo

    for line in load_demo():
        click.echo(line)


@click.group("translate")
def translate_group():
    """Extract, update and compile the message catalogs."""


def _pybabel(*args) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=PROJECT_ROOT)


@translate_group.command("update")
def translate_update():
    """Extract messages from the code and merge them into the catalogs."""
    # --ignore-dirs replaces Babel's default, which skips folders starting with "_"
    # (and so would miss templates/_macros).
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2",
             "--no-location", "--sort-output",
             "--ignore-dirs", ".* __pycache__ instance test-artifacts", "-o", str(POT_FILE), ".")
    _pybabel("update", "-i", str(POT_FILE), "-d", str(TRANSLATIONS_DIR), "--no-fuzzy-matching", "--ignore-obsolete")
    POT_FILE.unlink()


@translate_group.command("compile")
def translate_compile():
    """Compile the catalogs (.po -> .mo)."""
    _pybabel("compile", "-d", str(TRANSLATIONS_DIR))
    current_app.logger.info("catalogs compiled")


def register_commands(app) -> None:
    from festival.duplicates.cli import duplicates_group
    from festival.jobs.cli import jobs_group
    from festival.reports.cli import reports_group

    for command in (create_admin_command, demo_command, translate_group, reports_group, jobs_group, duplicates_group):
        app.cli.add_command(command)
