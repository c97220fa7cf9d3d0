"""Long work as jobs, through real consumers: a badge PDF with progress, joined by a second
click, fetched only by the people it is for, kept for a while and then removed."""
import re
from datetime import timedelta
from pathlib import Path

import pypdfium2 as pdfium

from festival.core.queue import huey
from festival.core.types import utcnow
from festival.extensions import db
from festival.jobs.models import Job, JobStatus
from festival.jobs.operations import clean_up_jobs, resume_waiting_jobs
from tests.conftest import post_form
from tests.factories import placed_families
from tests.factories.people import _loaded
from tests.jobs.conftest import running_consumer, wait_for


def a_placed_friday(app, families=10):
    with app.app_context():
        market, organizer, _badges = placed_families(count=families, stalls_count=families)
        return market.occurrences[0].id, market.id, _loaded(db.session.merge(organizer))


def job_row(app, job_id) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def ask_for_badges(client, occurrence_id):
    sheet = f"/manage/occurrences/{occurrence_id}/badges"
    response = post_form(client, f"{sheet}.pdf", {}, form_page=sheet)
    assert response.status_code == 303
    return int(re.search(r"/jobs/(\d+)$", response.headers["Location"]).group(1))


def test_a_badge_pdf_is_built_by_the_consumer_while_its_page_shows_the_progress(app, client, login, queue):
    occurrence_id, _market_id, organizer = a_placed_friday(app, families=10)
    login(organizer)

    job_id = ask_for_badges(client, occurrence_id)  # no consumer yet: the job waits in the queue
    waiting = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "بانتظار البدء" in waiting
    assert '<noscript><meta http-equiv="refresh"' in waiting  # refreshes itself without JavaScript
    assert ask_for_badges(client, occurrence_id) == job_id  # a second click joins it

    with running_consumer():
        wait_for(lambda: job_row(app, job_id).status == JobStatus.DONE, timeout=60)

    state = client.get(f"/jobs/{job_id}/state.json").get_json()
    assert state["percent"] == 100 and state["finished"] and state["download_url"] == f"/jobs/{job_id}/file"
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "<noscript><meta" not in page and f'href="/jobs/{job_id}/file"' in page
    pdf = client.get(f"/jobs/{job_id}/file")
    assert pdf.mimetype == "application/pdf" and pdf.headers["Cache-Control"] == "private, no-store"
    assert len(pdfium.PdfDocument(pdf.data)) == 2  # 10 badges, 8 on a page
    assert job_row(app, job_id).progress_total == 10
    assert ask_for_badges(client, occurrence_id) != job_id  # once done, a new click prepares a fresh file


def test_a_job_file_is_for_its_province_only(app, client, login, make, queue):
    occurrence_id, _market_id, organizer = a_placed_friday(app, families=1)
    login(organizer)
    job_id = ask_for_badges(client, occurrence_id)
    with running_consumer():
        wait_for(lambda: job_row(app, job_id).status == JobStatus.DONE, timeout=60)

    colleague = login(make.organizer("damascus"), as_client=app.test_client())
    stranger = login(make.organizer("aleppo"), as_client=app.test_client())
    family = login(make.family().user, as_client=app.test_client())

    assert colleague.get(f"/jobs/{job_id}/file").status_code == 200
    assert stranger.get(f"/jobs/{job_id}/file").status_code == 404
    assert stranger.get(f"/jobs/{job_id}").status_code == 404
    assert family.get(f"/jobs/{job_id}").status_code == 403


def test_a_job_file_is_removed_once_its_time_is_over(app, client, login, queue):
    occurrence_id, _market_id, organizer = a_placed_friday(app, families=1)
    login(organizer)
    job_id = ask_for_badges(client, occurrence_id)
    with running_consumer():
        wait_for(lambda: job_row(app, job_id).status == JobStatus.DONE, timeout=60)
    stored = job_row(app, job_id)

    with app.app_context():
        clean_up_jobs(stored.expires_at + timedelta(minutes=1))
        db.session.commit()

    assert job_row(app, job_id).file_path is None
    assert list(Path(app.config["JOB_FILES_FOLDER"]).glob(f"{job_id}-*")) == []
    assert client.get(f"/jobs/{job_id}/file").status_code == 404
    assert "لم يعد هذا الملف محفوظاً" in client.get(f"/jobs/{job_id}").get_data(as_text=True)


def test_a_job_that_fails_says_so_and_can_be_asked_for_again(app, client, login, queue):
    occurrence_id, _market_id, organizer = a_placed_friday(app, families=1)
    login(organizer)
    job_id = ask_for_badges(client, occurrence_id)
    with app.app_context():  # the date is gone before the consumer gets to it
        db.session.get(Job, job_id).params = {"occurrence_id": 10**6}
        db.session.commit()

    with running_consumer():
        wait_for(lambda: job_row(app, job_id).status == JobStatus.FAILED, timeout=60)

    assert "تعذّر تحضير الملف" in client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert ask_for_badges(client, occurrence_id) != job_id


def test_a_job_left_running_by_a_dead_consumer_is_failed_by_the_clean_up(app, login, client):
    occurrence_id, _market_id, organizer = a_placed_friday(app, families=1)
    with app.app_context():
        job = Job(kind="badges.occurrence", subject_key="badges:occurrence:x", active_key="badges:occurrence:x",
                  params={}, requested_by_id=organizer.id, status=JobStatus.RUNNING,
                  started_at=utcnow() - timedelta(hours=2))
        db.session.add(job)
        db.session.commit()
        clean_up_jobs(utcnow())
        db.session.commit()
        assert job.status == JobStatus.FAILED and job.active_key is None


def test_a_job_whose_task_was_lost_is_queued_again_then_built(app, client, login, queue):
    occurrence_id, _market_id, organizer = a_placed_friday(app, families=1)
    login(organizer)
    job_id = ask_for_badges(client, occurrence_id)
    huey.flush()  # the queue lost the task (a flushed Redis, a failed enqueue after the commit)
    with app.app_context():
        db.session.get(Job, job_id).created_at = utcnow() - timedelta(minutes=2)
        db.session.commit()

    with running_consumer():
        with app.app_context():
            resume_waiting_jobs(utcnow())  # the minutely schedule
            db.session.commit()
        wait_for(lambda: job_row(app, job_id).status == JobStatus.DONE, timeout=60)

    assert client.get(f"/jobs/{job_id}/file").status_code == 200
