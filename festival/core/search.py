"""Finding a family (or an account) by what a person types: part of a name or of a phone number.

Names are compared folded (festival/core/text.search_key: no short vowels or tatweel,
أ/إ/آ/ٱ as ا, ة as ه, ى as ي, lower case) on both sides: the typed text in Python, the
stored names inside the query (`folded`), so a page filters in the database and reads only
the rows it shows. PostgreSQL folds with one translate(); SQLite, which has none, with the
same Python function as the typed text, registered on each connection. A search with at
least four digits also matches phone numbers, typed as people write them (0944 123 456,
+963…, Arabic-Indic digits).

Callers: the review queue (festival/applications/queries.py), the accounts list
(festival/admin/views.py), the national register (festival/reports/queries.py) and the
visitors' search across markets (festival/calendar/search.py, which also drops the article ال).
"""
import re

from sqlalchemy import or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement
from sqlalchemy.types import String

from festival.core.numbers import to_ascii_digits
from festival.core.text import ARABIC_MARKS, COMPOUND_SQL_PATTERN, LETTER_FOLDS, search_key

MIN_PHONE_DIGITS = 4
MAX_QUERY_LENGTH = 100


class folded(FunctionElement):  # noqa: N801 - reads as a SQL function
    """A text column folded the way search_key folds (compound names joined; other spacing kept), inside SQL."""

    type = String()
    inherit_cache = True


@compiles(folded)
def _folded_sqlite(element, compiler, **kw):
    # festival/core/database.py gives every SQLite connection this function (fold_letters):
    # sixty nested replace() calls overflow SQLite's parser.
    return f"festival_fold({compiler.process(element.clauses, **kw)})"


@compiles(folded, "postgresql")
def _folded_postgresql(element, compiler, **kw):
    # translate() maps the letters to their targets and drops the characters past the targets' end.
    # regexp_replace joins the compound names (عبد الله -> عبدالله) as fold_letters does.
    sources, targets = "".join(LETTER_FOLDS) + ARABIC_MARKS, "".join(LETTER_FOLDS.values())
    translated = f"translate(lower({compiler.process(element.clauses, **kw)}), '{sources}', '{targets}')"
    return f"regexp_replace({translated}, '{COMPOUND_SQL_PATTERN}', '\\1\\2', 'g')"


def typed_digits(text: str) -> str:
    """The digits of a phone number as stored after +963: `0944 12` -> `94412`."""
    digits = re.sub(r"\D", "", to_ascii_digits(text) or "")
    for prefix in ("00963", "963", "0"):
        if digits.startswith(prefix) and len(digits) > len(prefix):
            return digits[len(prefix):]
    return digits


def matches(typed: str | None, name_columns: list, phone_column=None) -> ColumnElement | None:
    """The WHERE clause for a search box, or None when nothing (usable) was typed."""
    typed = (typed or "")[:MAX_QUERY_LENGTH]
    key = search_key(typed)
    if not key:
        return None
    clauses = [folded(column).contains(key, autoescape=True) for column in name_columns]
    digits = typed_digits(typed)
    if phone_column is not None and len(digits) >= MIN_PHONE_DIGITS:
        clauses.append(phone_column.contains(digits, autoescape=True))
    return or_(*clauses)
