"""Words for the codes that the database stores (statuses, kinds, roles): one mapping.

A feature names its codes with a StrEnum (the stored strings stay the enum's values) and
registers their words here once, beside the enum: `register_labels("application", {...})`.
Python and templates then read the same words with `label("application", status)`;
`role_label(role)` is `label("role", role)`. Words are lazy, so each request reads them
in its own language. An unknown code is shown as it is rather than failing a page.
"""
from collections.abc import Mapping

_LABELS: dict[str, Mapping[str, object]] = {}


def register_labels(kind: str, labels: Mapping[str, object]) -> None:
    """Give the codes of `kind` their words (lazy_gettext strings)."""
    _LABELS[kind] = labels


def label(kind: str, code) -> str:
    """The words for `code` of `kind` in the current language."""
    if code is None:
        return ""
    return str(_LABELS[kind].get(code, code))


def role_label(role) -> str:
    return label("role", role)


TEMPLATE_GLOBALS = {"label": label, "role_label": role_label}
