"""The scope of training objects, declared once: each belongs to its course's province."""
from festival.core.access import manages
from festival.training.queries import certificate_or_404, cohort_or_404, course_or_404, session_or_404

managed_course = manages("course_id", course_or_404)
managed_cohort = manages("cohort_id", cohort_or_404, province="course.province")
managed_session = manages("session_id", session_or_404, province="cohort.course.province")
managed_certificate = manages("certificate_id", certificate_or_404, province="course.province")
