"""The application state machine: the only place that says which transitions exist.

    submitted ─┬─> approved ──┬─> withdrawn (family)
               ├─> waitlisted ┼─> cancelled (organizer)
               ├─> rejected   └─> (waitlisted -> approved: promotion)
               ├─> withdrawn
               └─> cancelled

An approved application may go back to the waitlist (e.g. the organizer reduces the
stalls). rejected, withdrawn and cancelled are final.
"""
from enum import StrEnum

from festival.applications.models import ApplicationStatus as S


class Actor(StrEnum):
    FAMILY = "family"
    ORGANIZER = "organizer"


TRANSITIONS: dict[tuple[str, str], Actor] = {
    (S.SUBMITTED, S.APPROVED): Actor.ORGANIZER,
    (S.SUBMITTED, S.WAITLISTED): Actor.ORGANIZER,
    (S.SUBMITTED, S.REJECTED): Actor.ORGANIZER,
    (S.SUBMITTED, S.CANCELLED): Actor.ORGANIZER,
    (S.SUBMITTED, S.WITHDRAWN): Actor.FAMILY,
    (S.WAITLISTED, S.APPROVED): Actor.ORGANIZER,
    (S.WAITLISTED, S.REJECTED): Actor.ORGANIZER,
    (S.WAITLISTED, S.CANCELLED): Actor.ORGANIZER,
    (S.WAITLISTED, S.WITHDRAWN): Actor.FAMILY,
    (S.APPROVED, S.WAITLISTED): Actor.ORGANIZER,
    (S.APPROVED, S.CANCELLED): Actor.ORGANIZER,
    (S.APPROVED, S.WITHDRAWN): Actor.FAMILY,
}

FINAL_STATES = frozenset({S.REJECTED, S.WITHDRAWN, S.CANCELLED})
# States in which a family holds or may still get a stall.
ACTIVE_STATES = frozenset({S.SUBMITTED, S.APPROVED, S.WAITLISTED})
REASON_REQUIRED = frozenset({S.REJECTED})


def allowed(from_status: str, to_status: str, actor: Actor) -> bool:
    return TRANSITIONS.get((from_status, to_status)) == actor


def next_states(from_status: str, actor: Actor) -> list[str]:
    return [to for (source, to), who in TRANSITIONS.items() if source == from_status and who == actor]
