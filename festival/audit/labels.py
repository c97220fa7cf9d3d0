"""The words of the audit log: one mapping from each code the log stores to what people read.

`record()` stores codes (action "market.published", record type "markets", field
"stall_fee"); the viewer and its CSV export show these labels instead, in the reader's
language. A code missing here is shown as it is, so a new action is never hidden - add
its label here when you add the `record()` call.
"""
from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "account.created": _l("Account created"),
    "account.edited": _l("Account changed"),
    "account.disabled": _l("Account disabled"),
    "account.enabled": _l("Account enabled again"),
    "account.reset_link_made": _l("Password link made"),
    "account.password_changed": _l("Password changed"),
    "account.password_reset": _l("Password set through a link"),
    "account.login_failed": _l("Failed login"),
    "account.locked": _l("Logins locked after failures"),
    "area.added": _l("Area added"),
    "market.created": _l("Market created as a draft"),
    "market.edited": _l("Market changed"),
    "market.published": _l("Market published"),
    "market.cancelled": _l("Market cancelled"),
    "market.archived": _l("Market archived"),
    "market.stalls_offered": _l("Offered stalls changed"),
    "market.checkin_cutoff": _l("Check-in cut-off changed"),
    "occurrence.cancelled": _l("Market day cancelled"),
    "venue.created": _l("Venue added"),
    "venue.edited": _l("Venue changed"),
    "layout.section_added": _l("Stall section added"),
    "layout.section_deleted": _l("Stall section deleted"),
    "layout.stall_edited": _l("Stall changed"),
    "question.added": _l("Application question added"),
    "question.removed": _l("Application question removed"),
    "gate_staff.attached": _l("Gate staff attached"),
    "gate_staff.detached": _l("Gate staff detached"),
    "unit.created": _l("Production unit registered"),
    "unit.edited": _l("Production unit changed"),
    "unit.member_added": _l("Family joined a production unit"),
    "unit.member_removed": _l("Family left a production unit"),
    "unit.representative_named": _l("Production unit's representative named"),
    "unit.equipment_added": _l("Equipment recorded for a production unit"),
    "unit.equipment_removed": _l("Equipment of a production unit removed"),
    "unit.output_added": _l("Output of a production unit recorded"),
    "unit.output_removed": _l("Output of a production unit removed"),
    "application.submitted": _l("Application submitted"),
    "application.edited": _l("Application changed by the family"),
    "application.approved": _l("Application approved"),
    "application.waitlisted": _l("Application put on the waitlist"),
    "application.rejected": _l("Application rejected"),
    "application.withdrawn": _l("Application withdrawn"),
    "application.cancelled": _l("Application cancelled"),
    "stall.assigned": _l("Stall assigned"),
    "stall.moved": _l("Family moved to another stall"),
    "stall.swapped": _l("Stalls swapped"),
    "stall.unassigned": _l("Stall freed"),
    "badge.issued": _l("Badge issued"),
    "badge.reissued": _l("Badge issued again"),
    "checkin.recorded": _l("Family checked in"),
    "checkin.no_show_replaced": _l("Absent family replaced"),
    "checkin.device_enrolled": _l("Phone enrolled at the gate"),
    "checkin.device_revoked": _l("Phone removed from the gate"),
    "checkin.offline_synced": _l("Offline scans uploaded"),
    "sales_report.entered_for_family": _l("Sales report entered for a family"),
    "sales_report.changed_after_deadline": _l("Sales report changed after the deadline"),
    "sales_report.reminded": _l("Families reminded of their sales report"),
    "sales_report.settings": _l("Sales report settings changed"),
    "document_type.created": _l("Document type added"),
    "document_type.edited": _l("Document type changed"),
    "market.documents_changed": _l("Documents a market asks for changed"),
    "document.uploaded": _l("Document uploaded by the family"),
    "document.verified": _l("Document verified"),
    "document.rejected": _l("Document rejected"),
    "account.contact_choice": _l("How to be told changed"),
    "account.phone_changed": _l("Mobile number changed"),
    "account.sms_started": _l("SMS started again"),
    "announcement.sent": _l("Announcement sent to families"),
    "course.created": _l("Course added"),
    "course.updated": _l("Course changed"),
    "cohort.created": _l("Training group added"),
    "training_session.created": _l("Training session added"),
    "enrolment.promoted": _l("Family moved up from the waiting list"),
    "enrolment.withdrawn": _l("Family taken out of a training group"),
    "attendance.recorded": _l("Training attendance recorded"),
    "attendance.removed": _l("Training attendance removed"),
    "certificate.issued": _l("Certificate issued"),
    "certificate.revoked": _l("Certificate withdrawn"),
    "fees.settings_changed": _l("Fee settings changed"),
    "fees.waiver_set": _l("Fee reduction granted"),
    "fees.waiver_removed": _l("Fee reduction removed"),
    "fees.payment_recorded": _l("Payment recorded"),
    "fees.refund_recorded": _l("Refund recorded"),
    "consent.changed": _l("Sharing choices changed"),
    "partner.created": _l("Partner added"),
    "partner.policy_changed": _l("Partner's scope or data policy changed"),
    "partner.exported": _l("Families' data exported by a partner"),
    "partner.token_created": _l("Partner API token created"),
    "partner.token_revoked": _l("Partner API token revoked"),
    "craft.edited": _l("Craft description or marks changed"),
    "craft.photo_added": _l("Craft photo added"),
    "craft.photo_removed": _l("Craft photo removed"),
    "crafts.register_exported": _l("Traditional crafts register downloaded"),
    "family.merged": _l("Duplicate families merged"),
    "family.not_duplicate": _l("Families marked as not duplicates"),
    "family.erased": _l("Family account deleted at its request"),
}

# "Every action on …" choices of the filter: the part of the code before the dot.
ACTION_GROUP_LABELS = {
    "account.": _l("Accounts: every action"),
    "market.": _l("Markets: every action"),
    "venue.": _l("Venues: every action"),
    "layout.": _l("Stall layouts: every action"),
    "application.": _l("Applications: every action"),
    "stall.": _l("Stall assignments: every action"),
    "checkin.": _l("Check-in: every action"),
    "sales_report.": _l("Sales reports: every action"),
    "document.": _l("Documents: every action"),
    "document_type.": _l("Document types: every action"),
    "fees.": _l("Stall fees: every action"),
    "course.": _l("Training courses: every action"),
    "partner.": _l("Partners: every action"),
    "craft.": _l("Traditional crafts: every change"),
    "family.": _l("Families: merges, duplicates and deleted accounts"),
    "unit.": _l("Production units: every action"),
}

TARGET_LABELS = {
    "users": _l("Account"),
    "families": _l("Family"),
    "markets": _l("Market"),
    "occurrences": _l("Market day"),
    "venues": _l("Venue"),
    "stalls": _l("Stall"),
    "areas": _l("Area"),
    "applications": _l("Application"),
    "stall_assignments": _l("Stall assignment"),
    "badges": _l("Badge"),
    "checkins": _l("Check-in"),
    "no_shows": _l("Absence"),
    "gate_devices": _l("Gate phone"),
    "sales_reports": _l("Sales report"),
    "family_documents": _l("Family document"),
    "document_types": _l("Document type"),
    "fee_payments": _l("Payment"),
    "partners": _l("Partner"),
    "partner_exports": _l("Partner export"),
    "crafts": _l("Traditional craft"),
    "api_tokens": _l("API token"),
    "fee_waivers": _l("Fee reduction"),
    "training_courses": _l("Course"),
    "training_cohorts": _l("Training group"),
    "training_sessions": _l("Training session"),
    "training_enrolments": _l("Enrolment"),
    "training_attendance": _l("Attendance"),
    "training_certificates": _l("Certificate"),
    "production_units": _l("Production unit"),
    "none": _l("No record"),
}

# Fields of changes and details. Ids of other records are not shown: the record link says it.
FIELD_LABELS = {
    "display_name": _l("Name"), "name": _l("Name"), "role": _l("Role"), "provinces": _l("Provinces"),
    "province": _l("Province"), "area": _l("Area"), "enabled": _l("Account enabled"),
    "reason": _l("Reason"), "phone": _l("Mobile number"), "failures": _l("Failed logins"),
    "minutes": _l("Locked for (minutes)"), "title": _l("Title"), "kind": _l("Kind"),
    "title_ar": _l("Title in Arabic"), "title_en": _l("Title in English"),
    "description_ar": _l("Description in Arabic"), "description_en": _l("Description in English"),
    "venue": _l("Venue"), "first_day": _l("First day"), "last_day": _l("Last day"),
    "opens_at": _l("Opens at"), "closes_at": _l("Closes at"),
    "applications_open_at": _l("Applications open"), "applications_close_at": _l("Applications close"),
    "stall_fee": _l("Stall fee"), "contact": _l("Contact"), "crafts": _l("Crafts"),
    "cancelled_days": _l("Cancelled Fridays"), "offered_stalls": _l("Offered stalls"),
    "added": _l("Added"), "withdrawn": _l("Withdrawn"), "day": _l("Day"),
    "name_ar": _l("Name in Arabic"), "name_en": _l("Name in English"), "address": _l("Address"),
    "latitude": _l("Latitude"), "longitude": _l("Longitude"), "notes_for_vendors": _l("Notes for families"),
    "section": _l("Section"), "rows": _l("Rows"), "columns": _l("Columns"), "stalls": _l("Stalls"),
    "code": _l("Stall"), "covered": _l("Covered"), "electricity": _l("Electricity"),
    "accessible": _l("Accessible"), "corner": _l("Corner"), "width_m": _l("Width (m)"),
    "depth_m": _l("Depth (m)"), "disabled": _l("Disabled"), "withdrawn_from": _l("Withdrawn from events"),
    "label": _l("Question"), "by_organizer": _l("Entered by the organizer"), "from_status": _l("Before"),
    "stall": _l("Stall"), "from_stall": _l("From stall"), "to_stall": _l("To stall"),
    "device": _l("Gate phone"), "recorded": _l("Arrivals recorded"), "conflicts": _l("Conflicts"),
    "short_code": _l("Badge code"), "method": _l("How"), "families": _l("Families"),
    "deadline_days": _l("Report deadline (days)"), "publish_total": _l("Publish the total"),
    "report_deadline_days": _l("Report deadline (days)"), "publish_sales_total": _l("Publish the total"),
    "checkin_cutoff_minutes": _l("Check-in cut-off (minutes)"), "before": _l("Before"), "after": _l("After"),
    "total_sales": _l("Total sales"), "before_total": _l("Total before"), "user": _l("Account"),
    "document_type": _l("Document"), "number": _l("Number"), "expires_on": _l("Valid until"),
    "replaced": _l("Replaces the upload"), "expires": _l("Expires"), "document_policy": _l("Without documents"),
    "removed": _l("Removed"),
    "craft": _l("Craft"), "active": _l("Active"), "family": _l("Family"), "equipment": _l("Equipment"),
    "quantity": _l("Quantity"), "partner": _l("Financed by"), "value_syp": _l("Value (Syrian pounds)"),
    "month": _l("Month"), "output": _l("Output"),
}

HIDDEN_DETAILS = frozenset({
    "changes", "user", "question_id", "occurrence_id", "family_id", "with_assignment", "replaced_by", "unit_id",
})

VALUE_LABELS = {
    "unknown_phone": _l("unknown mobile number"),
    "wrong_password": _l("wrong password"),
    "disabled": _l("account disabled"),
    "friday": _l("Friday market"),
    "festival": _l("Festival"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def target_label(code: str) -> str:
    return str(TARGET_LABELS.get(code, code))


def field_label(code: str) -> str:
    return str(FIELD_LABELS.get(code, code))


def action_choices() -> list[tuple[str, str]]:
    """Groups first ("market."), then every action ("market:published"), in the reader's alphabetical order.

    An action's value is its code with a colon, so a group's value is never the start of
    another choice's and the page does not repeat every stored code.
    """
    groups = sorted(((code, str(label)) for code, label in ACTION_GROUP_LABELS.items()), key=lambda c: c[1])
    actions = sorted(((code.replace(".", ":", 1), str(label)) for code, label in ACTION_LABELS.items()),
                     key=lambda c: c[1])
    return groups + actions
