"""The task that runs a job (festival/jobs/operations.py says how a job is built)."""
import logging
from contextlib import contextmanager

from flask import current_app, has_request_context

from festival.core.database import reading
from festival.core.queue import task, transaction
from festival.core.types import utcnow
from festival.extensions import db
from festival.jobs.models import Job
from festival.jobs.operations import BUILDERS, claim, fail, progress_writer, store_file

log = logging.getLogger("festival.jobs")


@contextmanager
def _as_asked(job_id: int):
    """Links in the file (badge QR codes) use the address the job was asked on (core.urls)."""
    base_url = (db.session.get(Job, job_id).params or {}).get("base_url")
    if not base_url or has_request_context():
        yield
        return
    with current_app.test_request_context("/", base_url=base_url):
        yield


@task(transaction=False)
def run_job(job_id: int) -> None:
    with transaction():
        if not claim(job_id, utcnow()):
            return  # done, running elsewhere, or gone: a second delivery changes nothing
    try:
        builder = BUILDERS[db.session.get(Job, job_id).kind]
        db.session.rollback()
        if builder.prepare is not None:
            with transaction():
                builder.prepare(db.session.get(Job, job_id))
        with reading(), _as_asked(job_id):
            built = builder.build(db.session.get(Job, job_id), progress_writer(job_id))
            db.session.rollback()  # end the read
    except Exception as error:
        db.session.rollback()
        log.exception("job %s failed", job_id)
        with transaction():
            fail(db.session.get(Job, job_id), type(error).__name__, utcnow())
        return
    with transaction():
        store_file(db.session.get(Job, job_id), built, utcnow())
