"""`flask jobs work`: the consumer (Huey's) that runs tasks and schedules; `flask jobs sweep`."""
import logging
import os

import click
from flask import current_app
from flask.cli import with_appcontext

from festival.core.pipeline import one_transaction
from festival.core.queue import huey


@click.group("jobs")
def jobs_group():
    """The task queue."""


@jobs_group.command("work")
@click.option("--workers", default=2, show_default=True, help="Threads running tasks.")
@click.option("--no-periodic", is_flag=True, help="Leave the schedules to another consumer.")
@click.option("--nice", default=10, show_default=True,
              help="CPU priority below the web's: a PDF being built never slows the pages people wait for.")
@with_appcontext
def work_command(workers, no_periodic, nice):
    """Run tasks and schedules until stopped (Ctrl-C or SIGTERM finishes the tasks in hand)."""
    from festival.notifications.delivery import sweep

    if nice and hasattr(os, "nice"):
        os.nice(nice)  # inherited by the PDF's QR-code worker processes too

    if huey.immediate:
        raise click.ClickException("JOBS_QUEUE_URL is 'immediate': tasks already run where they are enqueued")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    huey.flask_app = current_app._get_current_object()
    # What a consumer that died left behind (messages "sending", lost tasks) is picked up at once.
    one_transaction(sweep)()
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=not no_periodic,
                                    check_worker_health=True)
    consumer.run()


@jobs_group.command("sweep")
@with_appcontext
@one_transaction
def sweep_command():
    """Queue every message that is due now (the consumer also does it every minute)."""
    from festival.notifications.delivery import sweep

    click.echo(f"{sweep()} message(s) queued")
