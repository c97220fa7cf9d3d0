from tests.calendar.conftest import events  # noqa: F401  (the same builders as the calendar's tests)
