from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from festival.core.forms import (
    ArabicIntegerField,
    CheckboxListField,
    Form,
    MobilePhoneField,
    OneLineField,
    strip_filter,
)
from festival.core.input_guard import db_int
from festival.core.phones import display_phone
from festival.crafts.models import Craft, CraftCategory
from festival.extensions import db
from festival.vendors.models import Displacement, HeadSex
from festival.vendors.photos import ACCEPT_ATTRIBUTE, max_photo_megabytes


class OptionalMobilePhoneField(MobilePhoneField):
    """MobilePhoneField that may stay empty (`.e164` is then None)."""

    def pre_validate(self, form):
        if not self.data:
            self.e164 = None
            return
        super().pre_validate(form)


def _optional_id(value):
    return int(value) if value not in ("", None) else None


class ProfileForm(Form):
    name = OneLineField(
        _l("Family name"), filters=[strip_filter],
        validators=[InputRequired(_l("Enter the family's name.")), Length(max=120)],
    )
    head_name = OneLineField(
        _l("Name of the head of the family"), filters=[strip_filter], validators=[Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    second_phone = OptionalMobilePhoneField(
        _l("Second mobile number (optional)"),
        description=_l("Another number where we can reach the family. Example: 0933 123 456"),
    )
    head_sex = RadioField(_l("The family is headed by"), default="", choices=[
        SelectChoice(HeadSex.FEMALE.value, _l("a woman")), SelectChoice(HeadSex.MALE.value, _l("a man")),
        SelectChoice("", _l("I would rather not say")),
    ], description=_l("Optional. It only counts, anonymously, how many women-led families the programme reaches."))
    area = SelectField(_l("Area"), coerce=_optional_id)
    crafts = CheckboxListField(_l("What the family makes"), coerce=db_int)
    craft_items = CheckboxListField(
        _l("The traditional crafts you practise"), coerce=db_int,
        description=_l("Optional. Visitors find you by these crafts, "
                       "and they count in the traditional-crafts register."),
    )
    products = TextAreaField(
        _l("Describe your products"), filters=[strip_filter], validators=[Length(max=1000)],
        description=_l("A few words for the organizers and visitors, for example: "
                       "مكدوس، مربى مشمش، دبس فليفلة، كلها من صنع البيت"),
        render_kw={"rows": 4},
    )
    # No `capture` attribute: on Android it opens the camera only and hides the gallery,
    # where most families already keep their product photos; the chooser offers the camera anyway.
    photo = FileField(_l("Add a photo of your products"), render_kw={"accept": ACCEPT_ATTRIBUTE})
    first_market = BooleanField(_l("This is our first time at a market"))
    rural_women_project = BooleanField(_l("A rural women's project"))
    disability = BooleanField(_l("A family member has a disability or an injury"))
    other_programme = OneLineField(
        _l("Part of another programme? Name it"), filters=[strip_filter], validators=[Length(max=200)],
    )
    # Optional, for the programme's statistics (choices in for_family, per request).
    head_birth_year = ArabicIntegerField(
        _l("Year of birth of the head of the family"), render_kw={"autocomplete": "off", "maxlength": 4},
        description=_l("For example 1978. Leave it empty if you prefer."))
    displacement = RadioField(_l("Has the family been displaced?"), default="")
    disability_in_family = RadioField(
        _l("Does a member of the family live with a disability?"), default="",
        description=_l("Counted in the statistics only, never with your name. Organizers see only "
                       "the priority box above, if you tick it."))

    @classmethod
    def for_family(cls, family):
        """The form filled with the family's profile (what was typed wins on a submit)."""
        form = cls(data={
            "name": family.name,
            "head_name": family.head_name,
            "head_sex": family.head_sex or "",
            "second_phone": display_phone(family.second_phone) if family.second_phone else "",
            "area": family.area_id,
            "crafts": [craft.id for craft in family.crafts],
            "craft_items": [craft.id for craft in family.craft_items],
            "products": family.products,
            "first_market": family.first_market,
            "rural_women_project": family.rural_women_project,
            "disability": family.disability,
            "other_programme": family.other_programme,
            "head_birth_year": family.head_birth_year,
            "displacement": family.displacement or "",
            "disability_in_family": {True: "yes", False: "no"}.get(family.disability_in_family, ""),
        })
        form.displacement.choices = [
            SelectChoice(Displacement.NOT_DISPLACED.value, _("No, we were not displaced")),
            SelectChoice(Displacement.DISPLACED.value, _("Yes, we are displaced inside Syria")),
            SelectChoice(Displacement.RETURNEE.value, _("We were displaced and have returned home")),
            SelectChoice("", _("I would rather not say")),
        ]
        form.disability_in_family.choices = [
            SelectChoice("yes", _("Yes")), SelectChoice("no", _("No")), SelectChoice("", _("I would rather not say")),
        ]
        form.area.choices = [SelectChoice("", _l("Choose your area"))] + [
            SelectChoice(area.id, area.name) for area in family.province.areas
        ]
        crafts = db.session.scalars(db.select(CraftCategory).order_by(CraftCategory.position))
        form.crafts.choices = [SelectChoice(craft.id, craft.name) for craft in crafts]
        craft_items = list(db.session.scalars(db.select(Craft).join(Craft.category).options(
            db.contains_eager(Craft.category)).order_by(CraftCategory.position, Craft.position)))
        form.craft_items.choices = [SelectChoice(craft.id, craft.name) for craft in craft_items]
        form.craft_item_groups = {}  # category name -> craft ids, for the template's headings
        for craft in craft_items:
            form.craft_item_groups.setdefault(craft.category.name, []).append(craft.id)
        # static/js/site.js refuses a larger file before anything is sent, with this message.
        form.photo.render_kw = {
            **form.photo.render_kw, "data-max-bytes": current_app.config["PHOTO_MAX_BYTES"],
            "data-too-large": _("This photo is larger than %(size)s MB. Choose a smaller photo.",
                                size=max_photo_megabytes()),
        }
        return form

    def profile_fields(self, family) -> dict:
        """The keyword arguments of vendors.profile.update_profile (choices are validated already)."""
        areas = {area.id: area for area in family.province.areas}
        craft_ids = self.crafts.data or []
        crafts = db.session.scalars(
            db.select(CraftCategory).where(CraftCategory.id.in_(craft_ids)).order_by(CraftCategory.position)
        ) if craft_ids else []
        return {
            "name": self.name.data,
            "head_name": self.head_name.data or "",
            "head_sex": self.head_sex.data or None,
            "second_phone": self.second_phone.e164,
            "area": areas.get(self.area.data),
            "crafts": list(crafts),
            "craft_items": list(db.session.scalars(
                db.select(Craft).where(Craft.id.in_(self.craft_items.data)).order_by(Craft.position)
            )) if self.craft_items.data else [],
            "products": self.products.data or "",
            "first_market": self.first_market.data,
            "rural_women_project": self.rural_women_project.data,
            "disability": self.disability.data,
            "other_programme": self.other_programme.data or "",
            "head_birth_year": self.head_birth_year.data,
            "displacement": self.displacement.data or None,
            "disability_in_family": {"yes": True, "no": False}.get(self.disability_in_family.data),
        }
