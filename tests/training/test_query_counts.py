"""The training pages cost the same number of SQL statements for 1 family and session as for many."""
from datetime import timedelta

from festival.core.types import utcnow
from festival.extensions import db
from festival.training import operations
from tests.factories import make_cohort, make_family


def _group(app, organizer, size):
    """A group of `size` sessions and `size` families, each present at every session."""
    start = utcnow() - timedelta(days=size + 1)
    with app.app_context():
        cohort = make_cohort(organizer, [start + timedelta(days=n) for n in range(size)], capacity=50)
        families = [make_family(name=f"أسرة {size}-{n}") for n in range(size)]
        for family in families:
            enrolment = operations.enrol(db.session.merge(family), cohort, now=start - timedelta(days=1),
                                         by=db.session.merge(organizer))
            for session in cohort.sessions:
                operations.record_attendance(session, enrolment, method="list", by=db.session.merge(organizer),
                                             now=session.starts_at)
        db.session.commit()
        return cohort.id, cohort.course_id, cohort.sessions[0].id, families[0].user


def test_the_group_session_course_and_family_pages_do_not_grow_with_the_group(app, login, make, count_queries):
    organizer = make.organizer("damascus")
    counts = []
    for size in (1, 6):
        cohort_id, course_id, session_id, family_user = _group(app, organizer, size)
        trainer = login(organizer, as_client=app.test_client())
        own = login(family_user, as_client=app.test_client())
        pages = [(trainer, f"/manage/training/cohorts/{cohort_id}"),
                 (trainer, f"/manage/training/sessions/{session_id}"), (trainer, f"/manage/training/{course_id}"),
                 (trainer, f"/courses/{course_id}"), (own, "/family/training")]
        measured = []
        for client, path in pages:
            with count_queries() as queries:
                assert client.get(path).status_code == 200, path
            measured.append(queries.count)
        counts.append(measured)

    assert counts[0] == counts[1], counts
