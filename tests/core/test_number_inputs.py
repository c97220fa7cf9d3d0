"""Every number a person types accepts Arabic-Indic digits: no field is a type=number input.

Phone browsers silently empty an <input type="number"> that holds ١٥٠٠٠, so the value
never reaches the server. These tests walk every form class of the application.
"""
import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField

import festival
from festival.core.forms import ArabicIntegerField, IdField


def _all_form_classes():
    for module_info in pkgutil.walk_packages(festival.__path__, "festival."):
        if module_info.name.endswith("forms"):
            importlib.import_module(module_info.name)
    seen, pending = set(), list(FlaskForm.__subclasses__())
    while pending:
        form_class = pending.pop()
        if form_class not in seen:
            seen.add(form_class)
            pending.extend(form_class.__subclasses__())
    return sorted(seen, key=lambda form_class: form_class.__qualname__)


class NumberForm(FlaskForm):
    class Meta:
        csrf = False

    count = ArabicIntegerField("count")


def test_no_form_field_renders_a_number_input(app):
    offenders = []
    with app.test_request_context("/"):
        for form_class in _all_form_classes():
            try:
                form = form_class(formdata=None)
            except TypeError:  # forms that need arguments are built by their views
                continue
            for field in form:
                if 'type="number"' in str(field()):
                    offenders.append(f"{form_class.__qualname__}.{field.name}")
    assert offenders == []


def test_typed_integers_in_forms_are_arabic_integer_fields():
    """Hidden ids are IdFields; everything a person types is an ArabicIntegerField."""
    typed = []
    for form_class in _all_form_classes():
        for name, unbound in vars(form_class).items():
            field_class = getattr(unbound, "field_class", None)
            if field_class and issubclass(field_class, IntegerField) \
                    and not issubclass(field_class, ArabicIntegerField | IdField):
                typed.append(f"{form_class.__qualname__}.{name}")
    assert typed == []


@pytest.mark.parametrize(
    ("typed", "value"),
    [("١٥٠٠٠", 15000), ("۱۵۰۰۰", 15000), ("15,000", 15000), ("١٥٬٠٠٠", 15000), (" 12 ", 12), ("-٥", -5), ("0", 0)],
)
def test_arabic_integer_field_reads_what_people_type(app, typed, value):
    with app.test_request_context("/"):
        form = NumberForm(formdata=MultiDict({"count": typed}))
        assert form.validate(), form.errors
        assert form.count.data == value


@pytest.mark.parametrize("typed", ["abc", "1.5", "2147483648", "99999999999999999999", "1,5"])
def test_arabic_integer_field_refuses_what_is_not_a_reasonable_whole_number(app, typed):
    with app.test_request_context("/"):
        form = NumberForm(formdata=MultiDict({"count": typed}))
        assert not form.validate()
        assert form.count.data is None
        assert form.count.errors


def test_arabic_integer_field_is_a_numeric_text_input(app):
    with app.test_request_context("/"):
        html = str(NumberForm(formdata=None).count())
    assert 'type="text"' in html and 'inputmode="numeric"' in html


def test_market_form_keeps_arabic_digits_typed_in_the_stall_fee(app, client, login, make):
    organizer = make.staff(provinces=["damascus"])
    login(organizer)
    page = client.get("/manage/markets/new").get_data(as_text=True)

    assert 'type="number"' not in page
    assert 'name="stall_fee" type="text"' in page or 'inputmode="numeric" name="stall_fee"' in page \
        or ('name="stall_fee"' in page and 'inputmode="numeric"' in page)


def test_form_pages_never_print_none_in_aria_attributes(app, client, login, make):
    organizer = make.staff(provinces=["damascus"])
    pages = [client.get("/register"), client.get("/login")]
    login(organizer)
    pages.append(client.get("/manage/markets/new"))
    pages.append(client.post("/manage/markets/new", data={}))
    for response in pages:
        html = response.get_data(as_text=True)
        assert 'aria-invalid="None"' not in html and 'aria-describedby="None"' not in html
        assert '="None"' not in html
