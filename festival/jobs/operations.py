"""Starting a job (or joining the one already running), running it, keeping its file a while.

A feature registers what a kind of job builds with `@builds("badges.occurrence")`: a
function given the Job and a `progress(done, total)` callback, returning a `BuiltFile`,
and optionally a `prepare(job)` that writes first (issuing missing badges). It runs in
the consumer, in steps: the claim (queued -> running) is committed first, then prepare in
a transaction of its own, then the builder reads inside `core.database.reading()`
(SQLite's write lock stays free for the web), progress is written on a connection of its
own so the page sees it at once, and the file is stored and the job marked done in a last
transaction.
"""
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from festival.auth.models import Role, User
from festival.core.after_commit import after_commit
from festival.core.domain import DomainError
from festival.core.types import utcnow
from festival.extensions import db
from festival.jobs.models import Job, JobStatus

log = logging.getLogger("festival.jobs")
RUNNING_TOO_LONG = timedelta(hours=1)  # a job still "running" after this lost its consumer
JOB_ROWS_KEPT = timedelta(days=30)


@dataclass(frozen=True)
class BuiltFile:
    content: bytes
    file_name: str
    mimetype: str


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Builder:
    build: Callable[[Job, Progress], BuiltFile]
    prepare: Callable[[Job], None] | None = None


BUILDERS: dict[str, Builder] = {}


def builds(kind: str, *, prepare: Callable[[Job], None] | None = None):
    def register(build):
        BUILDERS[kind] = Builder(build, prepare)
        return build

    return register


def start_job(kind: str, subject_key: str, *, by: User, province_id: int | None, params: dict | None = None) -> Job:
    """The running job for `subject_key`, or a new one; it starts after the commit."""
    if kind not in BUILDERS:
        raise DomainError(_l("This file cannot be prepared."))
    running = _running(subject_key)
    if running is not None:
        return running
    job = Job(kind=kind, subject_key=subject_key, active_key=subject_key, params=params or {},
              requested_by_id=by.id, province_id=province_id, status=JobStatus.QUEUED)
    try:
        with db.session.begin_nested():
            db.session.add(job)
    except IntegrityError:  # the same click from another tab won the race: join its job
        return _running(subject_key)
    from festival.jobs.tasks import run_job

    after_commit(run_job, job.id)
    return job


def _running(subject_key: str) -> Job | None:
    return db.session.scalar(select(Job).where(Job.active_key == subject_key))


def can_fetch(user: User, job: Job) -> bool:
    """The person who asked, admins, and organizers of the job's province."""
    if job.requested_by_id == user.id or user.role == Role.ADMIN:
        return True
    if user.role != Role.ORGANIZER or job.province_id is None:
        return False
    return any(province.id == job.province_id for province in user.provinces)


def claim(job_id: int, now: datetime) -> bool:
    return bool(db.session.execute(
        update(Job).where(Job.id == job_id, Job.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, started_at=now).execution_options(synchronize_session=False)
    ).rowcount)


def progress_writer(job_id: int) -> Progress:
    """Write progress on a connection of its own, at most every 2 % (the builder's transaction is a read)."""
    last = {"percent": -1}

    def write(done: int, total: int) -> None:
        percent = done * 100 // total if total else 0
        if percent < last["percent"] + 2 and done != total:
            return
        last["percent"] = percent
        with db.engine.begin() as connection:
            connection.execute(update(Job).where(Job.id == job_id).values(progress_done=done, progress_total=total))

    return write


def store_file(job: Job, built: BuiltFile, now: datetime) -> None:
    folder = Path(current_app.config["JOB_FILES_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = f"{job.id}-{secrets.token_hex(8)}{Path(built.file_name).suffix}"
    # Written aside and renamed: a half-written file is never offered.
    partial = folder / (stored_name + ".part")
    partial.write_bytes(built.content)
    os.replace(partial, folder / stored_name)
    job.file_path = stored_name
    job.file_name = built.file_name
    job.mimetype = built.mimetype
    job.file_size = len(built.content)
    job.status = JobStatus.DONE
    job.active_key = None
    job.progress_done = job.progress_total = max(job.progress_total, 1)
    job.finished_at = now
    job.expires_at = now + current_app.config["JOB_FILES_KEEP"]


def fail(job: Job, reason: str, now: datetime) -> None:
    job.status = JobStatus.FAILED
    job.active_key = None
    job.error = reason[:500]
    job.finished_at = now


def file_path(job: Job) -> Path | None:
    if job.status != JobStatus.DONE or not job.file_path:
        return None
    if job.expires_at is not None and job.expires_at <= utcnow():
        return None
    path = Path(current_app.config["JOB_FILES_FOLDER"]) / job.file_path
    return path if path.is_file() else None


def resume_waiting_jobs(now: datetime) -> int:
    """A job still queued a minute after it was asked for lost its task (an enqueue that failed
    after the commit, a flushed queue): queue it again, or, after an hour, fail it so that a
    new click starts afresh instead of joining it forever."""
    from festival.jobs.tasks import run_job

    waiting = db.session.scalars(
        select(Job).where(Job.status == JobStatus.QUEUED, Job.created_at < now - timedelta(minutes=1))
    ).all()
    for job in waiting:
        if job.created_at < now - RUNNING_TOO_LONG:
            fail(job, "lost", now)
        else:
            after_commit(run_job, job.id)  # run_job claims it: twice is harmless
    db.session.flush()
    return len(waiting)


def clean_up_jobs(now: datetime) -> int:
    """Delete the files past their time, fail jobs whose consumer died, forget old rows."""
    removed = 0
    expired = db.session.scalars(
        select(Job).where(Job.status == JobStatus.DONE, Job.file_path.is_not(None), Job.expires_at <= now)
    ).all()
    folder = Path(current_app.config["JOB_FILES_FOLDER"])
    for job in expired:
        (folder / job.file_path).unlink(missing_ok=True)
        job.file_path = None
        removed += 1
    for job in db.session.scalars(
        select(Job).where(Job.status == JobStatus.RUNNING, Job.started_at < now - RUNNING_TOO_LONG)
    ):
        fail(job, "interrupted", now)
    db.session.execute(
        Job.__table__.delete().where(Job.status.in_((JobStatus.DONE, JobStatus.FAILED)),
                                     Job.created_at < now - JOB_ROWS_KEPT)
    )
    db.session.flush()
    return removed
