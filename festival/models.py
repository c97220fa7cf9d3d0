"""Imports every model module, so the metadata (and Alembic) sees every table."""
from festival.applications.models import Answer, Application, Question, StatusChange  # noqa: F401
from festival.audit.models import AuditEntry  # noqa: F401
from festival.auth.models import User, user_provinces  # noqa: F401
from festival.badges.models import Badge, gate_staff  # noqa: F401
from festival.checkin.models import CheckIn, GateDevice, NoShow, ScanConflict  # noqa: F401
from festival.consent.models import ConsentChoice  # noqa: F401
from festival.crafts.models import Craft, CraftCategory, CraftPhoto  # noqa: F401
from festival.documents.models import (  # noqa: F401
    DocumentType,
    FamilyDocument,
    document_type_crafts,
    market_document_types,
)
from festival.duplicates.models import DuplicatePair  # noqa: F401
from festival.fees.models import FeeWaiver, Payment, PaymentShare, SectionFee  # noqa: F401
from festival.jobs.models import Job  # noqa: F401
from festival.markets.models import (  # noqa: F401
    Market,
    Occurrence,
    PublicDataScopeVersion,
    PublicDataVersion,
    market_crafts,
    market_stalls,
)
from festival.notifications.models import Notification, OutboxMessage  # noqa: F401
from festival.partners.models import Partner, PartnerExport  # noqa: F401
from festival.partners.token_models import ApiToken  # noqa: F401
from festival.provinces.models import Area, Province  # noqa: F401
from festival.reports.models import SalesReport, SalesReportLine  # noqa: F401
from festival.stalls.models import StallAssignment  # noqa: F401
from festival.training.models import (  # noqa: F401
    Attendance,
    Certificate,
    Cohort,
    Course,
    Enrolment,
    TrainingSession,
    course_crafts,
)
from festival.units.models import ProductionUnit, UnitEquipment, UnitMember, UnitOutput  # noqa: F401
from festival.vendors.models import Family, FamilyPhoto, family_craft_items, family_crafts  # noqa: F401
from festival.venues.models import Stall, StallSection, Venue  # noqa: F401
from festival.verification.models import PhoneCode  # noqa: F401
