"""Input no view has to think about: refused once, before any view runs, with a 400.

- NUL characters (U+0000) anywhere in the path, the query string, form fields or a JSON
  body: PostgreSQL cannot store or even compare them, and no person types one.
- Whole numbers the database cannot hold, in paths (`<int:...>` is `DatabaseInt`),
  query strings (`int_arg`, `paginate`) and form choices (`coerce=db_int`): ids are
  4-byte integers on PostgreSQL, so anything past 2^31 - 1 is simply "not found".
- JSON nested deeper than MAX_JSON_DEPTH: `json.loads` would raise RecursionError.
"""
from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

from festival.core import query_args
from festival.extensions import db

DB_INT_MAX = 2**31 - 1  # PostgreSQL `integer`; SQLite holds more, the bound is the same everywhere
MAX_JSON_DEPTH = 32


class InvalidCharacter(BadRequest):
    user_message = _l("What you sent contains an invisible character (NUL) that cannot be used. "
                      "Please type the text again.")


class DatabaseInt(IntegerConverter):
    """`<int:id>` in every route: 0 … 2^31 - 1; a longer number is a 404 like any unknown id."""

    def __init__(self, url_map, fixed_digits=0, signed=False, **bounds):
        super().__init__(url_map, fixed_digits=fixed_digits, min=bounds.get("min", 0),
                         max=bounds.get("max") or DB_INT_MAX, signed=signed)


def db_int(value) -> int:
    """`coerce=` for id choices: a ValueError (an invalid choice) past what an id can be."""
    number = int(value)
    if not 0 <= number <= DB_INT_MAX:
        raise ValueError("out of range")
    return number


def int_arg(name: str, default: int | None = None, *, args=None, minimum: int = 0,
            maximum: int = DB_INT_MAX) -> int | None:
    """A whole number from the query string (or `args`), or `default` when it is missing or not one in range.

    Read by festival.core.query_args, so `?page=٢` is page 2 as everywhere else.
    """
    number = query_args.whole_number(request.args if args is None else args, name)
    return number if number is not None and minimum <= number <= maximum else default


def paginate(query, *, per_page: int):
    """`db.paginate` with `?page=` read by int_arg: a silly page number is the last page's neighbour, not a 500."""
    return db.paginate(query, page=int_arg("page", 1, minimum=1, maximum=100_000), per_page=per_page,
                       error_out=False)


def _has_nul(value) -> bool:
    """Also inside parsed JSON, whose depth BoundedJSONProvider has bounded."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def refuse_nul_characters() -> None:
    view_args = request.view_args or {}
    texts = [request.path, *view_args.values()]
    texts += [text for key, value in request.args.items(multi=True) for text in (key, value)]
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        try:
            texts += [text for key, value in request.form.items(multi=True) for text in (key, value)]
            texts += [upload.filename or "" for upload in request.files.values()]
        except RequestEntityTooLarge:
            return  # the view answers an oversized upload with its own message
        if request.is_json:
            texts.append(request.get_json(silent=True))
    if any(_has_nul(text) for text in texts):
        raise InvalidCharacter()


def _depth(text: str) -> int:
    """How deeply brackets nest, outside JSON strings: measured before parsing, in one pass."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


class BoundedJSONProvider(DefaultJSONProvider):
    """Refuses (ValueError, which Flask turns into a 400) JSON nested deeper than MAX_JSON_DEPTH."""

    def loads(self, s, **kwargs):
        text = s.decode("utf-8", "replace") if isinstance(s, bytes | bytearray) else s
        if _depth(text) > MAX_JSON_DEPTH:
            raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        return super().loads(s, **kwargs)


def configure_input_guard(app: Flask) -> None:
    """Before any blueprint is registered: the converter is looked up when a rule is added."""
    app.url_map.converters["int"] = DatabaseInt
    app.json_provider_class = BoundedJSONProvider
    app.json = BoundedJSONProvider(app)
    app.before_request(refuse_nul_characters)
