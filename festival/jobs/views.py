"""A job's page: its progress (refreshing by itself, live with JavaScript) and its file.

Only the person who asked, admins and organizers of the job's province see a job (a 404
for anyone else: the number says nothing). Files are private: never cached, always an
attachment.
"""
from flask import Blueprint, abort, jsonify, render_template, send_file, url_for
from flask_login import current_user

from festival.auth.models import MANAGER_ROLES
from festival.core.access import roles_required
from festival.extensions import db
from festival.jobs.models import Job, JobStatus
from festival.jobs.operations import can_fetch, file_path

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
staff = roles_required(*MANAGER_ROLES)
REFRESH_SECONDS = 2


def _visible_job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or not can_fetch(current_user, job):
        abort(404)
    return job


def _state(job: Job) -> dict:
    ready = file_path(job) is not None
    return {"status": job.status, "percent": job.percent, "done": job.progress_done, "total": job.progress_total,
            "finished": job.status in (JobStatus.DONE, JobStatus.FAILED),
            "download_url": url_for("jobs.download", job_id=job.id) if ready else None}


@bp.route("/<int:job_id>")
@staff
def show(job_id):
    job = _visible_job(job_id)
    response = render_template("jobs/show.html", job=job, state=_state(job), refresh_seconds=REFRESH_SECONDS)
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/<int:job_id>/state.json")
@staff
def state(job_id):
    response = jsonify(_state(_visible_job(job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:job_id>/file")
@staff
def download(job_id):
    job = _visible_job(job_id)
    path = file_path(job)
    if path is None:
        abort(404)
    response = send_file(path, mimetype=job.mimetype, as_attachment=True, download_name=job.file_name,
                         max_age=0, conditional=False)
    response.headers["Content-Type"] = job.mimetype  # as stored: send_file would add a second charset
    response.headers["Cache-Control"] = "private, no-store"
    return response
