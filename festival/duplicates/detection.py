"""Finding the family records that may be one family, anywhere in the country.

Three rules, each with a score (0-100); a pair's score is its strongest rule's:

- **the same phone** (95): a family's mobile number (its account's) or its second phone
  equals another family's one of them. Phones are stored as E.164, so the comparison is
  exact, and it is one self-join inside the database (only matching pairs come back).
- **the same document number** (100) of the same document type (festival/documents: the
  national ID, a craft licence...): the records hold no national ID number of their own, the
  uploaded papers do. Numbers are compared without spaces, dashes and with Western digits;
  rejected papers do not count.
- **a similar name** in the same province (the same area: 85 and more; only the province:
  92 and more, as the area may have been left empty): the names folded by
  festival/core/text.search_key (marks, hamzas, ة/ه, ى/ي, عبد الله = عبدالله), the leading
  "أسرة"/"عائلة" dropped, then difflib's ratio, or 100 when the words are the same in
  another order.

What it costs, for N families: one query of N short rows (id, name, province, area) and
one of the document numbers; names are compared only inside a block (the same province
and the same first three letters of the folded name), and inside a block each name only
with its WINDOW neighbours in alphabetical order, with difflib's cheap upper bounds first.
At most N x WINDOW comparisons, most of them stopped by the bounds. What blocking misses:
two spellings that differ in their first three letters (the phone and document rules
still catch most of those).
"""
import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import combinations

from sqlalchemy import and_, select, union_all

from festival.auth.models import User
from festival.core.numbers import to_ascii_digits
from festival.core.text import search_key
from festival.documents.models import DocumentStatus, FamilyDocument
from festival.duplicates.models import Reason
from festival.extensions import db
from festival.vendors.models import Family

PHONE_SCORE = 95
DOCUMENT_SCORE = 100
SAME_AREA_THRESHOLD = 85
SAME_PROVINCE_THRESHOLD = 92
BLOCK_PREFIX = 3
WINDOW = 25
GENERIC_FIRST_WORDS = ("اسره", "عائله", "family")
MAX_GROUP = 20  # a phone or number shared by more families than this is a shared office's, not a lead


@dataclass
class Candidate:
    first_id: int
    second_id: int
    score: int = 0
    reasons: set[str] = field(default_factory=set)

    def add(self, reason: str, score: int) -> None:
        self.reasons.add(reason)
        self.score = max(self.score, score)


class Candidates(dict):
    """{(smaller id, larger id): Candidate}."""

    def add(self, one: int, other: int, reason: str, score: int) -> None:
        if one == other:
            return
        key = (min(one, other), max(one, other))
        self.setdefault(key, Candidate(*key)).add(reason, score)


def name_core(name: str | None) -> str:
    """The part of a family's name that tells it apart: folded, without a leading "أسرة"."""
    words = search_key(name).split()
    while len(words) > 1 and words[0] in GENERIC_FIRST_WORDS:
        words = words[1:]
    return " ".join(words)


def name_similarity(first: str, second: str, *, at_least: int = 0) -> int:
    """0-100: how alike two name cores are (0 as soon as they cannot reach `at_least`)."""
    if not first or not second:
        return 0
    if first == second or sorted(first.split()) == sorted(second.split()):
        return 100
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    bound = at_least / 100
    if matcher.real_quick_ratio() < bound or matcher.quick_ratio() < bound:
        return 0
    return round(matcher.ratio() * 100)


def _same_phone(candidates: Candidates) -> None:
    active = Family.is_live
    phones = union_all(
        select(Family.id.label("family_id"), User.phone.label("phone")).join(User, User.id == Family.user_id)
        .where(active),
        select(Family.id.label("family_id"), Family.second_phone.label("phone"))
        .where(active, Family.second_phone.is_not(None), Family.second_phone != ""),
    ).cte("phones")
    one, other = phones.alias("one"), phones.alias("other")
    crowded = (select(phones.c.phone).group_by(phones.c.phone)
               .having(db.func.count(db.distinct(phones.c.family_id)) > MAX_GROUP))
    pairs = (select(one.c.family_id, other.c.family_id).distinct()
             .join(other, and_(one.c.phone == other.c.phone, one.c.family_id < other.c.family_id))
             .where(one.c.phone.not_in(crowded)))
    for first_id, second_id in db.session.execute(pairs):
        candidates.add(first_id, second_id, Reason.SAME_PHONE, PHONE_SCORE)


def document_number_key(number: str | None) -> str:
    """`٠١٠-٢٣ 45` -> `0102345`: a paper's number as the comparison sees it."""
    return re.sub(r"[\s\-_./]", "", to_ascii_digits(number or "") or "").upper()


def _same_document_number(candidates: Candidates) -> None:
    rows = db.session.execute(
        select(FamilyDocument.family_id, FamilyDocument.document_type_id, FamilyDocument.number)
        .join(Family, Family.id == FamilyDocument.family_id)
        .where(FamilyDocument.status != DocumentStatus.REJECTED, Family.is_live))
    holders = defaultdict(set)
    for family_id, document_type_id, number in rows:
        key = document_number_key(number)
        if key:
            holders[document_type_id, key].add(family_id)
    for families in holders.values():
        if 1 < len(families) <= MAX_GROUP:
            for one, other in combinations(sorted(families), 2):
                candidates.add(one, other, Reason.SAME_DOCUMENT_NUMBER, DOCUMENT_SCORE)


@dataclass(frozen=True)
class _Named:
    id: int
    core: str
    area_id: int | None


def _compare_block(block: list[_Named], candidates: Candidates) -> None:
    block.sort(key=lambda named: named.core)
    for index, one in enumerate(block):
        for other in block[index + 1:index + 1 + WINDOW]:
            same_area = one.area_id is not None and one.area_id == other.area_id
            threshold = SAME_AREA_THRESHOLD if same_area else SAME_PROVINCE_THRESHOLD
            score = name_similarity(one.core, other.core, at_least=threshold)
            if score >= threshold:
                reason = Reason.SIMILAR_NAME_SAME_AREA if same_area else Reason.SIMILAR_NAME_SAME_PROVINCE
                candidates.add(one.id, other.id, reason, score)


def _similar_names(candidates: Candidates) -> None:
    blocks = defaultdict(list)
    rows = db.session.execute(select(Family.id, Family.name, Family.province_id, Family.area_id)
                              .where(Family.is_live))
    for family_id, name, province_id, area_id in rows:
        core = name_core(name)
        if core:
            blocks[province_id, core.replace(" ", "")[:BLOCK_PREFIX]].append(_Named(family_id, core, area_id))
    for block in blocks.values():
        if len(block) > 1:
            _compare_block(block, candidates)


def find_candidates() -> Candidates:
    """Every pair of (unmerged) family records that may be one family, with its score and reasons."""
    candidates = Candidates()
    _same_phone(candidates)
    _same_document_number(candidates)
    _similar_names(candidates)
    return candidates

