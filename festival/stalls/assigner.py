"""The automatic stall assigner: where each approved family of one date should stand.

Pure: no Flask, no database (`assigner_data` builds the inputs, the stall operations
apply a proposal in one transaction). The same input and seed give the same proposal.

The problem. Families (`Candidate`) and free stalls (`StallSlot`). A family *fits* a
stall when the stall has every feature the family needs (electricity, covered,
accessible). Hard rules, never broken: a family only gets a stall it fits, one stall per
family, one family per stall, and as many families are placed as any assignment could
place. Soft goals, weighted per market (`Weights`, 0 = ignore), make one objective:

    J = Σ_f m_f · v(f, stall_f)  −/+  λ · P

* m_f, the family's priority: 1 + Σ weight/10 × factor, the factors being fairness
  (stalls worse than the average at earlier dates of this market → up to +1, better →
  down to −1, newest dates count most), first time (1), reliable (1 when it attended at
  least `reliable_share` of its recent dates, 0 when it missed more or is unknown),
  seniority (0..1 once past `senior_after` dates), trained (1 when it holds a training
  certificate that stands: festival/training);
* v(f, s), the stall's quality 1..5, less a corner penalty for a family that sells a
  product nobody else sells there ("not hidden in a corner");
* P, the neighbour pairs that sell a category in common: subtracted when spreading,
  added when grouping, with λ = category weight / 10.

The algorithm: a documented greedy with an exact feasibility test, then local search.

1. Classes and Hall's theorem. The 3 needs make 8 need classes N and 8 stall feature
   classes F; a family of class N fits a stall of class F iff N ⊆ F. The stalls a set of
   families fits then form an up-set of the cube {0,1}³, so Hall's condition needs only
   the 20 up-sets U (the Dedekind number M(3)): a set of families can all be placed iff
   every U holds at least as many free stalls as families of that set. Kept as 20
   counters, each test below is O(20).
2. Greedy by priority. Families in decreasing m (exact ties: a hash of the seed and the
   application id, then the id). (a) Who is placed: each family in turn is kept if it
   and those kept before can all be placed. This is the greedy algorithm on the
   transversal matroid of the fit graph: as many families as any assignment could place,
   and among such sets the best by priority (a family is left out only when higher
   priorities take every stall it fits). (b) Where: in the same order each kept family
   takes the best stall among the classes that leave a stall for every kept family after
   it: highest v; then fewest features it does not need (kept for those who do); then,
   among the first `CANDIDATES` (assigner_search) free stalls of that kind, the fewest
   (spread) or most (group) neighbours selling the same; then layout order. Without
   needs and unique products this is the sorted assignment, which maximises Σ m·q by
   the rearrangement inequality.
3. Local improvement. At most `PASSES` passes over the families whose spot misses a soft
   goal (spread: a neighbour selling the same; group: fewer than two who do; a unique
   product in a corner): each tries swapping with a bounded sample of stalls both
   families fit (3·K of about the same quality; when grouping, also those next to K/3
   families per craft it sells), or moving to a free one, and keeps the best swap that strictly increases J.
   Swaps only between fitting stalls, so the hard rules and who is placed are invariant.

Complexity, for n families, s stalls, d ≤ 4 neighbours, K = CANDIDATES, R = PASSES:
sorting O(n log n + s log s); choosing who is placed O(20 n); choosing stalls
O(n · (8 · (20 + 10) + K · d) + s); local search O(R · n · K · d); explanations O(n · d).
In all O((n + s) log(n + s)); measured, time grows as n^1.1–1.2 from 500 to 5,000
families, 0.24 s at 5,000 (bench/assign.py). A dense min-cost assignment (scipy's
linear_sum_assignment) would need an n × s cost matrix (200 MB at 5,000) and O(n³) time,
and still could not see the neighbour goals, which are not a cost per (family, stall) pair.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from festival.stalls.assigner_search import Layout, Search, bits_of

NEEDS = ("electricity", "covered", "accessible")
GROUPINGS = ("spread", "group")
RECENCY = 0.75  # weight of each earlier date relative to the next newer one
MIN_PRIORITY = 0.05


# -- inputs and outputs ---------------------------------------------------------------


@dataclass(frozen=True)
class Needs:
    electricity: bool = False
    covered: bool = False
    accessible: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name in NEEDS if getattr(self, name))


@dataclass(frozen=True)
class StallSlot:
    """A free stall of the date. `neighbours`: ids of adjacent stalls, free or taken."""

    id: int
    code: str
    section: str
    row: int
    column: int
    quality: int
    electricity: bool = False
    covered: bool = False
    accessible: bool = False
    corner: bool = False
    neighbours: tuple[int, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """An approved family without a stall at this date."""

    application_id: int
    family_id: int
    name: str
    needs: Needs = Needs()
    categories: tuple[str, ...] = ()
    first_time: bool = False
    past_qualities: tuple[int, ...] = ()  # stalls held at earlier dates of this market, newest first
    attended_share: float | None = None  # share of its assigned dates it came to; None = unknown
    earlier_occurrences: int = 0  # dates of any market it took part in before (seniority)
    unique_product: bool = False  # sells a category no other family of this date sells
    trained_course: tuple[str, str | None] | None = None  # (Arabic, English) title of a course it completed


@dataclass(frozen=True)
class Weights:
    """The organizer's weights, 0..10 each (defaults = the Market model's)."""

    grouping: str = "spread"
    category_spread: int = 5
    fairness: int = 5
    first_time: int = 3
    reliability: int = 3
    seniority: int = 2
    uniqueness: int = 3
    training: int = 3
    reliable_share: float = 0.8
    senior_after: int = 4  # earlier dates from which a family counts as senior
    seniority_full: int = 12  # … and from which it gets the full seniority factor
    low_quality: int = 2  # a stall of this quality or less has low footfall
    high_quality: int = 4

    def __post_init__(self):
        if self.grouping not in GROUPINGS:
            raise ValueError(f"grouping must be one of {GROUPINGS}, not {self.grouping!r}")
        for name in ("category_spread", "fairness", "first_time", "reliability", "seniority", "uniqueness",
                     "training"):
            if not 0 <= getattr(self, name) <= 10:
                raise ValueError(f"weight {name} must be within 0..10")


class Reason(NamedTuple):
    """Why a family got its stall (or none): a code and its parameters, translated by `reasons`."""

    code: str
    params: dict


class Unplaced(NamedTuple):
    application_id: int
    reason: Reason


@dataclass
class Placement:
    application_id: int
    stall_id: int
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class UnmetGoals:
    """What the proposal could not achieve, for the preview's summary."""

    unplaced_families: int = 0
    same_category_neighbour_pairs: int = 0  # the spread goal's misses
    families_apart_from_their_category: int = 0  # the group goal's misses
    low_history_low_again: int = 0  # had a low-footfall stall last time and again now
    unique_products_in_corners: int = 0


@dataclass
class Proposal:
    placements: list[Placement]
    unplaced: list[Unplaced]
    unmet_goals: UnmetGoals
    seed: int | None = None


# -- scoring --------------------------------------------------------------------------


def _leading_run(qualities: Sequence[int], test) -> int:
    count = 0
    for quality in qualities:
        if not test(quality):
            break
        count += 1
    return count


def fairness_factor(past_qualities: Sequence[int], reference: float) -> float:
    """+1 for a family that had much worse stalls than the average, −1 for much better."""
    if not past_qualities:
        return 0.0
    weights = [RECENCY ** age for age in range(len(past_qualities))]
    average = sum(w * q for w, q in zip(weights, past_qualities, strict=True)) / sum(weights)
    return max(-1.0, min(1.0, (reference - average) / 2))


def _is_reliable(candidate: Candidate, weights: Weights) -> bool:
    return candidate.attended_share is not None and candidate.attended_share >= weights.reliable_share


def priority(candidate: Candidate, weights: Weights, reference_quality: float) -> float:
    """m_f of the module docstring: how strongly this family should get a good stall."""
    seniority = 0.0
    if candidate.earlier_occurrences >= weights.senior_after:
        seniority = min(candidate.earlier_occurrences, weights.seniority_full) / weights.seniority_full
    total = (weights.fairness * fairness_factor(candidate.past_qualities, reference_quality)
             + weights.first_time * candidate.first_time
             + weights.reliability * _is_reliable(candidate, weights)
             + weights.seniority * seniority
             + weights.training * (candidate.trained_course is not None))
    return round(max(MIN_PRIORITY, 1 + total / 10), 9)  # rounded: equal inputs tie exactly


def _mix(seed: int, value: int) -> int:
    """A fixed 64-bit hash (splitmix64) of (seed, value): reproducible across runs and machines."""
    mask = (1 << 64) - 1
    x = (value * 0x9E3779B97F4A7C15 + (seed + 1) * 0xD1B54A32D192ED03) & mask
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & mask
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & mask
    return x ^ (x >> 31)


# -- the proposal ---------------------------------------------------------------------


def propose(stalls: Sequence[StallSlot], candidates: Sequence[Candidate], weights: Weights = Weights(), *,
            seed: int | None = None, taken: Mapping[int, Iterable[str]] | None = None) -> Proposal:
    """Place `candidates` at `stalls`; `taken` maps stalls already given to the categories sold there."""
    if len({stall.id for stall in stalls}) != len(stalls):
        raise ValueError("a stall is listed twice")
    if len({c.application_id for c in candidates}) != len(candidates) or \
            len({c.family_id for c in candidates}) != len(candidates):
        raise ValueError("a family or an application is listed twice")
    taken = {stall_id: tuple(categories) for stall_id, categories in sorted((taken or {}).items())}
    if any(stall.id in taken for stall in stalls):
        raise ValueError("a stall is both free and taken")
    # Layout order; a seed reorders stalls, which only matters where they tie.
    stalls = sorted(stalls, key=(lambda s: (s.section, s.row, s.column, s.id)) if seed is None else
                    (lambda s: (_mix(seed, s.id), s.id)))
    reference = sum(stall.quality for stall in stalls) / len(stalls) if stalls else 3.0
    ranked = sorted(((priority(c, weights, reference), c) for c in candidates),
                    key=lambda pc: (-pc[0], 0 if seed is None else _mix(seed, pc[1].application_id),
                                    pc[1].application_id))
    families = [candidate for _priority, candidate in ranked]
    bits: dict[str, int] = {}
    search = Search(Layout(stalls, taken, bits), families, [p for p, _c in ranked], weights, bits)
    search.greedy()
    search.improve()
    return _proposal(search, families, stalls, weights, seed)


# -- explanations ---------------------------------------------------------------------


def _proposal(search: Search, families: Sequence[Candidate], stalls: Sequence[StallSlot], weights: Weights,
              seed: int | None) -> Proposal:
    layout, goals = search.layout, UnmetGoals()
    sellers: dict[int, int] = {}  # category bit → families selling it (placed, waiting or already there)
    for mask in search.mask + layout.mask[layout.count:]:
        for bit in bits_of(mask):
            sellers[bit] = sellers.get(bit, 0) + 1
    placed: list[tuple[int, Placement]] = []
    unplaced: list[Unplaced] = []
    for f, candidate in enumerate(families):
        s = search.stall_of[f]
        if s == -1:
            needs = candidate.needs.names
            unplaced.append(Unplaced(candidate.application_id, Reason("no_compatible_stall", {"needs": needs})
                                     if needs else Reason("no_stall_left", {})))
            continue
        shared = any(sellers[bit] > 1 for bit in bits_of(search.mask[f]))
        reasons = _reasons(candidate, stalls[s], weights, layout.same_around(s), shared, goals)
        placed.append((s, Placement(candidate.application_id, stalls[s].id, reasons)))
    goals.unplaced_families = len(unplaced)
    if weights.grouping == "spread" and weights.category_spread:
        goals.same_category_neighbour_pairs = _same_category_pairs(search)
    placed.sort(key=lambda item: item[0])
    return Proposal([placement for _s, placement in placed], unplaced, goals, seed)


def _reasons(candidate: Candidate, stall: StallSlot, weights: Weights, same_neighbours: int, shared: bool,
             goals: UnmetGoals) -> list[Reason]:
    """Why this family got this stall; counts the soft goals it misses into `goals`."""
    reasons = [Reason(f"needs_{need}", {}) for need in candidate.needs.names]
    if weights.fairness:
        low = _leading_run(candidate.past_qualities, lambda quality: quality <= weights.low_quality)
        high = _leading_run(candidate.past_qualities, lambda quality: quality >= weights.high_quality)
        if low:
            reasons.append(Reason("low_quality_history", {"count": low}))
            goals.low_history_low_again += stall.quality <= weights.low_quality
        elif high and stall.quality < weights.high_quality:
            reasons.append(Reason("high_quality_history", {"count": high}))
    if weights.first_time and candidate.first_time:
        reasons.append(Reason("first_time", {}))
    if weights.training and candidate.trained_course:
        reasons.append(Reason("trained", {"course_ar": candidate.trained_course[0],
                                          "course_en": candidate.trained_course[1]}))
    if weights.reliability and candidate.attended_share is not None:
        # Also said when it missed dates: the organizer sees why it ranks below families that came.
        reasons.append(Reason("reliable" if _is_reliable(candidate, weights) else "missed_dates",
                              {"share": round(candidate.attended_share, 2)}))
    if weights.seniority and candidate.earlier_occurrences >= weights.senior_after:
        reasons.append(Reason("senior", {"occurrences": candidate.earlier_occurrences}))
    if weights.uniqueness and candidate.unique_product:
        reasons.append(Reason("unique_product_in_corner" if stall.corner else "unique_product", {}))
        goals.unique_products_in_corners += stall.corner
    if weights.category_spread and shared:
        if weights.grouping == "spread":
            reasons.append(Reason("next_to_same_category", {"count": same_neighbours}) if same_neighbours
                           else Reason("apart_from_same_category", {}))
        elif same_neighbours:
            reasons.append(Reason("grouped_with_same_category", {"count": same_neighbours}))
        else:
            reasons.append(Reason("apart_from_its_category", {}))
            goals.families_apart_from_their_category += 1
    return reasons


def _same_category_pairs(search: Search) -> int:
    """Neighbour pairs selling a category in common, of which at least one is proposed here."""
    layout, family_at, pairs = search.layout, search.family_at, 0
    for s in range(layout.count):
        if family_at[s] == -1:
            continue
        for t in layout.neighbours[s]:
            if layout.mask[s] & layout.mask[t] and (t >= layout.count or t > s):
                pairs += 1
    return pairs
