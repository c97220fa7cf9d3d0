"""Filtering the audit log from the URL: a GET form, and the query it builds.

A filter that does not parse is shown with its message and left out; the page still
answers (a typo in a date is not an error page).
"""
import re
from datetime import time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload
from wtforms import SelectField
from wtforms.validators import Length, Optional, ValidationError

from festival.audit.labels import action_choices, target_label
from festival.audit.models import AuditEntry
from festival.auth.models import User
from festival.core.datefields import LocalDateField
from festival.core.forms import Form, OneLineField, strip_filter
from festival.core.numbers import to_ascii_digits
from festival.core.phones import InvalidPhone, normalize_mobile
from festival.core.timezones import local_to_utc
from festival.extensions import db
from festival.provinces.models import Province
from festival.provinces.queries import all_provinces

ACCOUNT_NUMBER = re.compile(r"#?([1-9]\d{0,8})")
FIRST_YEAR, LAST_YEAR = 2000, 2100
FILTER_NAMES = ("action", "actor", "province", "target_type", "day_from", "day_to")


def _plausible_day(form, field):
    if field.data is not None and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(_l("Choose a date between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR))


class AuditFilterForm(Form):
    class Meta:
        csrf = False  # a GET search form changes nothing

    action = SelectField(_l("Action"), validators=[Optional()])
    actor = OneLineField(_l("Done by (name, account number or mobile)"), filters=[strip_filter],
                          validators=[Optional(), Length(max=60)])
    province = SelectField(_l("Province"), validators=[Optional()])
    target_type = SelectField(_l("Record type"), validators=[Optional()])
    day_from = LocalDateField(_l("From"), validators=[Optional(), _plausible_day])
    day_to = LocalDateField(_l("To"), validators=[Optional(), _plausible_day])

    actor_id: int | None = None
    actor_phone: str | None = None
    actor_name: str | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [("", _("All"))] + action_choices()
        self.target_type.choices = target_type_choices()
        self.province.choices = [("", _("All"))] + [(p.slug, p.name) for p in all_provinces()]

    def validate_actor(self, field):
        text = to_ascii_digits(field.data or "").strip()
        if not text:
            return
        number = ACCOUNT_NUMBER.fullmatch(text)
        if number:
            self.actor_id = int(number.group(1))
            return
        try:
            self.actor_phone = normalize_mobile(text)
        except InvalidPhone:
            # Neither a number nor a mobile: part of a name (control characters never are).
            self.actor_name = "".join(char for char in field.data or "" if char.isprintable()).strip() or None

    def validate_day_to(self, field):
        if field.data and self.day_from.data and field.data < self.day_from.data:
            raise ValidationError(_l("The end date is before the start date."))


def target_type_choices() -> list[tuple[str, str]]:
    types = db.session.scalars(db.select(AuditEntry.target_type).distinct().order_by(AuditEntry.target_type))
    return [("", _("All"))] + sorted(((name, target_label(name)) for name in types), key=lambda choice: choice[1])


def _usable(field) -> bool:
    return bool(field.data) and not field.errors


def audit_query(form: AuditFilterForm):
    """Newest first, with only the filters that passed validation."""
    query = db.select(AuditEntry).options(joinedload(AuditEntry.actor), joinedload(AuditEntry.province))
    if _usable(form.action):
        if form.action.data.endswith("."):  # a group: every action of its kind
            query = query.where(AuditEntry.action.startswith(form.action.data, autoescape=True))
        else:
            query = query.where(AuditEntry.action == form.action.data.replace(":", ".", 1))
    if not form.actor.errors:
        if form.actor_id is not None:
            query = query.where(AuditEntry.actor_id == form.actor_id)
        elif form.actor_phone is not None:
            query = query.where(AuditEntry.actor_id.in_(db.select(User.id).where(User.phone == form.actor_phone)))
        elif form.actor_name:
            query = query.where(AuditEntry.actor_id.in_(
                db.select(User.id).where(User.display_name.contains(form.actor_name, autoescape=True))))
    if _usable(form.province):
        query = query.where(AuditEntry.province_id.in_(
            db.select(Province.id).where(Province.slug == form.province.data)))
    if _usable(form.target_type):
        query = query.where(AuditEntry.target_type == form.target_type.data)
    if _usable(form.day_from):
        query = query.where(AuditEntry.at >= local_to_utc(form.day_from.data, time(0)))
    if _usable(form.day_to):
        query = query.where(AuditEntry.at < local_to_utc(form.day_to.data + timedelta(days=1), time(0)))
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def applied_filters(form: AuditFilterForm) -> dict[str, str]:
    """The raw values to keep in the pager's links."""
    return {name: form[name].raw_data[0] for name in FILTER_NAMES if form[name].raw_data and form[name].raw_data[0]}

