"""The enums and role groups that every template may name, so templates compare with
`ApplicationStatus.APPROVED` or `current_user.role in MANAGER_ROLES`, never with spelled strings."""
from festival.applications.models import ApplicationStatus
from festival.auth.models import GATE_DESK_ROLES, GATE_ROLES, MANAGER_ROLES, STAFF_ROLES, Role
from festival.calendar.display import OccurrenceState
from festival.calendar.filters import TRAINING
from festival.checkin.attendance import AttendanceStatus
from festival.documents.models import DocumentStatus
from festival.documents.readiness import DocumentState
from festival.markets.models import MarketKind, MarketPhase, MarketStatus
from festival.training.models import AttendanceMethod, EnrolmentStatus

TEMPLATE_NAMES = {
    "Role": Role, "STAFF_ROLES": STAFF_ROLES, "MANAGER_ROLES": MANAGER_ROLES, "GATE_ROLES": GATE_ROLES,
    "GATE_DESK_ROLES": GATE_DESK_ROLES,
    "ApplicationStatus": ApplicationStatus, "MarketKind": MarketKind, "MarketStatus": MarketStatus,
    "MarketPhase": MarketPhase, "OccurrenceState": OccurrenceState, "AttendanceStatus": AttendanceStatus,
    "EnrolmentStatus": EnrolmentStatus, "AttendanceMethod": AttendanceMethod, "TRAINING_KIND": TRAINING,
    "DocumentStatus": DocumentStatus, "DocumentState": DocumentState,
}
