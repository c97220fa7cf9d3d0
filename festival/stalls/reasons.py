"""The assigner's reasons and unmet goals as sentences in the reader's language.

`assigner` gives structured reasons (a code and parameters); this module is the only
place that turns them into words, at request time, so a proposal can be shown in Arabic
or English and a stored explanation (`encode`) can be shown again in either.
"""
import json

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from festival.core.i18n import is_arabic
from festival.stalls.assigner import Reason, UnmetGoals

SENTENCES = {
    "needs_electricity": _l("needs electricity"),
    "needs_covered": _l("needs a covered stall"),
    "needs_accessible": _l("needs a step-free stall"),
    "first_time": _l("takes part for the first time"),
    "trained": _l("completed the course %(course)s"),
    "reliable": _l("came to %(percent)d%% of its dates"),
    "missed_dates": _l("came to only %(percent)d%% of its recent dates"),
    "unique_product": _l("sells something no other family here sells"),
    "unique_product_in_corner": _l("sells something no other family here sells, but only a corner stall was left "
                                   "for it"),
    "apart_from_same_category": _l("no neighbour sells the same"),
    "apart_from_its_category": _l("not next to others selling the same"),
    "no_stall_left": _l("no free stall was left"),
    "no_compatible_stall": _l("no free stall with %(needs)s was left"),
}

NEED_WORDS = {
    "electricity": _l("electricity"),
    "covered": _l("a roof"),
    "accessible": _l("step-free access"),
}

# Counted sentences: ngettext at request time, so each language picks its plural form.
COUNTED = {
    "low_quality_history": ("count", lambda num: ngettext(
        "had a low-footfall stall last time", "had low-footfall stalls the last %(num)d times", num)),
    "high_quality_history": ("count", lambda num: ngettext(
        "had a high-footfall stall last time", "had high-footfall stalls the last %(num)d times", num)),
    "senior": ("occurrences", lambda num: ngettext(
        "has taken part once before", "has taken part %(num)d times before", num)),
    "next_to_same_category": ("count", lambda num: ngettext(
        "%(num)d neighbour sells the same", "%(num)d neighbours sell the same", num)),
    "grouped_with_same_category": ("count", lambda num: ngettext(
        "next to %(num)d family selling the same", "next to %(num)d families selling the same", num)),
}

GOALS = {
    "unplaced_families": lambda num: ngettext(
        "%(num)d family could not be placed", "%(num)d families could not be placed", num),
    "same_category_neighbour_pairs": lambda num: ngettext(
        "%(num)d pair of neighbours sells the same", "%(num)d pairs of neighbours sell the same", num),
    "families_apart_from_their_category": lambda num: ngettext(
        "%(num)d family is not next to others selling the same",
        "%(num)d families are not next to others selling the same", num),
    "low_history_low_again": lambda num: ngettext(
        "%(num)d family gets a low-footfall stall again", "%(num)d families get a low-footfall stall again", num),
    "unique_products_in_corners": lambda num: ngettext(
        "%(num)d unique product is in a corner", "%(num)d unique products are in corners", num),
}


def _separator() -> str:
    return "، " if is_arabic() else ", "


def reason_text(reason: Reason) -> str:
    code, params = reason
    if code in COUNTED:
        key, sentence = COUNTED[code]
        return sentence(int(params.get(key, 1)))
    if code in ("reliable", "missed_dates"):
        return str(SENTENCES[code]) % {"percent": round(100 * float(params.get("share", 0)))}
    if code == "trained":
        title = (params.get("course_ar") if is_arabic() else params.get("course_en")) or params.get("course_ar")
        return str(SENTENCES[code]) % {"course": str(title or "")}
    if code == "no_compatible_stall":
        needs = _separator().join(str(NEED_WORDS.get(need, need)) for need in params.get("needs", ()))
        return str(SENTENCES[code]) % {"needs": needs}
    return str(SENTENCES.get(code, code))  # an unknown code stays readable for the organizer


def explain(reasons) -> str:
    """One line: 'needs electricity; had low-footfall stalls the last 2 times'."""
    if isinstance(reasons, str):
        reasons = decode(reasons)
    return ("؛ " if is_arabic() else "; ").join(reason_text(reason) for reason in reasons)


def goal_texts(goals: UnmetGoals) -> list[str]:
    """The preview's summary: one sentence per soft goal the proposal misses."""
    return [sentence(getattr(goals, name)) for name, sentence in GOALS.items() if getattr(goals, name)]


def encode(reasons: list[Reason]) -> str:
    """Reasons as stored in StallAssignment.explanation, to be shown later in any language."""
    return json.dumps([[code, params] for code, params in reasons], ensure_ascii=False, sort_keys=True)


def decode(text: str) -> list[Reason]:
    try:
        return [Reason(code, params) for code, params in json.loads(text)]
    except (ValueError, TypeError):
        return [Reason(text, {})] if text else []  # an explanation written before reasons were stored
