"""The search behind `assigner.propose`: Hall's condition on need classes, the priority
greedy and the local improvement (steps 1–3 of the `assigner` module docstring).

Works on plain arrays indexed by position: families in priority order, free stalls in
layout order followed by the stalls already taken (fixed: their categories count for
the neighbour goals, but nobody moves there).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from festival.stalls.assigner import Candidate, StallSlot, Weights

CANDIDATES = 12  # stalls looked at per family and step
PASSES = 4  # local improvement passes at most
CORNER_PENALTY = 2.0  # quality points a corner costs a unique product at weight 10
_EPSILON = 1e-9


def need_class(needs) -> int:
    return needs.electricity | needs.covered << 1 | needs.accessible << 2


def stall_class(stall: StallSlot) -> int:
    return stall.electricity | stall.covered << 1 | stall.accessible << 2


def bits_of(mask: int) -> list[int]:
    return [bit for bit in range(mask.bit_length()) if mask >> bit & 1]


def category_mask(categories: Iterable[str], bits: dict[str, int]) -> int:
    mask = 0
    for category in categories:
        mask |= 1 << bits.setdefault(category, len(bits))
    return mask


# -- step 1: Hall's condition on the 8 need classes -----------------------------------


def _up_sets() -> list[frozenset[int]]:
    classes = range(8)
    result = []
    for size in range(9):
        for members in combinations(classes, size):
            chosen = set(members)
            if all(upper in chosen for lower in chosen for upper in classes if upper & lower == lower):
                result.append(frozenset(chosen))
    return result


UP_SETS = _up_sets()  # 20: the Dedekind number M(3)
# The stall classes a need class fits, fewest extra features first.
SUPERSETS = [sorted((f for f in range(8) if f & n == n), key=lambda f: (f.bit_count(), f)) for n in range(8)]
# The up-sets that lose a free stall and no family when a family of class n takes a stall of class f.
GUARDS = {(n, f): [u for u, up_set in enumerate(UP_SETS) if f in up_set and n not in up_set]
          for n in range(8) for f in SUPERSETS[n]}
NEED_UP_SETS = [[u for u, up_set in enumerate(UP_SETS) if n in up_set] for n in range(8)]
STALL_UP_SETS = NEED_UP_SETS  # the up-sets holding a class: the same for needs and features


def _stall_counts(stall_classes: Iterable[int]) -> list[int]:
    counts = [0] * len(UP_SETS)
    for f in stall_classes:
        for u in STALL_UP_SETS[f]:
            counts[u] += 1
    return counts


def placeable(family_classes: Sequence[int], stall_classes: Iterable[int]) -> list[bool]:
    """Step 2a: who gets a stall. In the given (priority) order, a family is kept when it and
    the families kept before can all be placed together: by Hall, when every up-set holding
    its class still has a stall to spare. The greedy algorithm of the transversal matroid."""
    slack = _stall_counts(stall_classes)
    kept = []
    for n in family_classes:
        up_sets = NEED_UP_SETS[n]
        keep = all(slack[u] > 0 for u in up_sets)
        if keep:
            for u in up_sets:
                slack[u] -= 1
        kept.append(keep)
    return kept


class Capacity:
    """Step 2b's test: slack[U] = free stalls in U − kept families in U still to place.

    All slacks are ≥ 0 (Hall: everybody kept can be placed). A family of class n may take
    a stall of class f iff that keeps them so: the up-sets holding f but not n lose a
    stall and no family; the others keep their slack.
    """

    def __init__(self, family_classes: Iterable[int], stall_classes: Iterable[int]):
        self.slack = _stall_counts(stall_classes)
        for n in family_classes:
            for u in NEED_UP_SETS[n]:
                self.slack[u] -= 1

    def can_place(self, n: int, f: int) -> bool:
        slack = self.slack
        return all(slack[u] > 0 for u in GUARDS[n, f])

    def place(self, n: int, f: int) -> None:
        for u in GUARDS[n, f]:
            self.slack[u] -= 1


# -- the layout -----------------------------------------------------------------------


class Layout:
    def __init__(self, stalls: Sequence[StallSlot], taken: Mapping[int, Iterable[str]], bits: dict[str, int]):
        self.count = len(stalls)
        index = {stall.id: i for i, stall in enumerate(stalls)}
        for stall_id in taken:
            index.setdefault(stall_id, len(index))
        self.quality = [stall.quality for stall in stalls]
        self.corner = [stall.corner for stall in stalls]
        self.features = [stall_class(stall) for stall in stalls]
        self.neighbours: list[list[int]] = [[] for _ in index]
        for i, stall in enumerate(stalls):
            for other in stall.neighbours:
                j = index.get(other)
                if j is not None and j != i and j not in self.neighbours[i]:
                    self.neighbours[i].append(j)
                    if i not in self.neighbours[j]:
                        self.neighbours[j].append(i)
        for around in self.neighbours:
            around.sort()  # the order of the input's neighbour lists must not matter
        self.mask = [0] * len(index)  # the categories sold at each stall, as bits
        for stall_id, categories in taken.items():
            self.mask[index[stall_id]] = category_mask(categories, bits)

    def same_around(self, s: int) -> int:
        mask, own = self.mask, self.mask[s]
        if not own:
            return 0
        return sum(1 for t in self.neighbours[s] if mask[t] & own)


# -- steps 2 and 3 --------------------------------------------------------------------


class Search:
    def __init__(self, layout: Layout, families: Sequence[Candidate], priorities: Sequence[float],
                 weights: Weights, bits: dict[str, int]):
        self.layout, self.weights, self.priority = layout, weights, priorities
        self.need = [need_class(c.needs) for c in families]
        self.mask = [category_mask(c.categories, bits) for c in families]
        corner_cost = CORNER_PENALTY * weights.uniqueness / 10
        self.corner_cost = [corner_cost if c.unique_product else 0.0 for c in families]
        # λ of the objective, signed: neighbours selling the same cost when spreading, count when grouping.
        self.spread = weights.category_spread / 10 * (-1 if weights.grouping == "spread" else 1)
        self.stall_of = [-1] * len(families)
        self.family_at = [-1] * layout.count
        # Stalls by kind (class, quality, corner) in layout order, with the first possibly free one.
        self.kinds: dict[tuple[int, int, bool], list[int]] = {}
        for s in range(layout.count):
            self.kinds.setdefault((layout.features[s], layout.quality[s], layout.corner[s]), []).append(s)
        self.heads = dict.fromkeys(self.kinds, 0)
        self.free = {kind: len(members) for kind, members in self.kinds.items()}
        # Swap partners: stalls by (need class they fit, quality).
        self.pools: dict[tuple[int, int], list[int]] = {}
        for s in range(layout.count):
            for n in range(8):
                if layout.features[s] & n == n:
                    self.pools.setdefault((n, layout.quality[s]), []).append(s)
        # Who sells each category, for grouping: family indices, and taken stalls as −(index + 1).
        self.sellers: dict[int, list[int]] = {}
        if self.spread > 0:
            for f, mask in enumerate(self.mask):
                for bit in bits_of(mask):
                    self.sellers.setdefault(bit, []).append(f)
            for s in range(layout.count, len(layout.mask)):
                for bit in bits_of(layout.mask[s]):
                    self.sellers.setdefault(bit, []).append(-s - 1)

    def greedy(self) -> None:
        """Step 2: choose who is placed (2a), then in priority order each takes the best stall that
        leaves one for every family still to place (2b)."""
        layout = self.layout
        kept = placeable(self.need, layout.features)
        capacity = Capacity((n for n, keep in zip(self.need, kept, strict=True) if keep), layout.features)
        qualities = sorted({quality for _f, quality, _c in self.kinds}, reverse=True)
        unique_waiting = sum(1 for cost, keep in zip(self.corner_cost, kept, strict=True) if cost and keep)
        for f, n in enumerate(self.need):
            if not kept[f]:
                continue
            corner_cost = self.corner_cost[f]
            # At equal quality a family without a unique product leaves open stalls to those with one.
            prefer_corner = not corner_cost and unique_waiting > 0
            best_key, best_kinds = None, []
            for stall_class_ in SUPERSETS[n]:
                if not capacity.can_place(n, stall_class_):
                    continue
                class_best = None
                for quality in qualities:
                    if class_best is not None and quality < class_best:
                        break  # no lower quality reaches this class's best value
                    for corner in (True, False):
                        kind = (stall_class_, quality, corner)
                        if not self.free.get(kind):
                            continue
                        value = quality - (corner_cost if corner else 0.0)
                        class_best = value if class_best is None else max(class_best, value)
                        key = (-value, (stall_class_ & ~n).bit_count(), corner != prefer_corner)
                        if best_key is None or key < best_key:
                            best_key, best_kinds = key, [kind]
                        elif key == best_key:
                            best_kinds.append(kind)
            if corner_cost:
                unique_waiting -= 1
            s = self._choose(f, best_kinds)  # some class always qualifies: Capacity's slacks are ≥ 0
            capacity.place(n, layout.features[s])
            self._put(f, s)
            self.free[(layout.features[s], layout.quality[s], layout.corner[s])] -= 1

    def _choose(self, f: int, kinds: list[tuple[int, int, bool]]) -> int:
        """Among the first free stalls of these kinds, the one whose neighbours suit best."""
        layout, own = self.layout, self.mask[f]
        best_key, best = None, -1
        family_at, look = self.family_at, CANDIDATES if own and self.spread else 1
        for kind in kinds:
            members, head, seen = self.kinds[kind], self.heads[kind], 0
            while family_at[members[head]] != -1:
                head += 1
            self.heads[kind] = head
            for index in range(head, len(members)):
                s = members[index]
                if family_at[s] != -1:
                    continue
                same = sum(1 for t in layout.neighbours[s] if layout.mask[t] & own) if look > 1 else 0
                key = (-same if self.spread > 0 else same, s)
                if best_key is None or key < best_key:
                    best_key, best = key, s
                seen += 1
                if seen == look:
                    break
        return best

    def _put(self, f: int, s: int) -> None:
        self.stall_of[f], self.family_at[s] = s, f
        self.layout.mask[s] = self.mask[f]

    def improve(self) -> None:
        """Step 3: bounded passes of J-increasing swaps for the families whose spot misses a goal."""
        if not self.spread and not any(self.corner_cost):
            return
        for round_number in range(PASSES):
            moved = 0
            for f, s in enumerate(self.stall_of):
                if s != -1 and self._misses_goal(f, s):
                    moved += self._try_swaps(f, s, round_number)
            if not moved:
                return

    def _misses_goal(self, f: int, s: int) -> bool:
        layout = self.layout
        if self.corner_cost[f] and layout.corner[s]:
            return True
        if self.spread < 0:
            return layout.same_around(s) > 0
        if self.spread > 0 and self.mask[f]:
            return layout.same_around(s) < min(2, len(layout.neighbours[s]))
        return False

    def _partners(self, f: int, a: int, round_number: int) -> dict[int, None]:
        """Stalls f fits to try swapping with: near families selling the same (grouping), and
        a rotating sample of stalls of about the same quality."""
        partners = dict.fromkeys(self._near_sellers(f, round_number) if self.spread > 0 else ())
        quality = self.layout.quality[a]
        for q in (quality, quality + 1, quality - 1):
            pool = self.pools.get((self.need[f], q))
            if pool:
                start = (f * 2654435761 + round_number * 40503) % len(pool)
                partners.update(dict.fromkeys(pool[(start + k) % len(pool)]
                                              for k in range(min(CANDIDATES, len(pool)))))
        partners.pop(a, None)
        return partners

    def _near_sellers(self, f: int, round_number: int) -> list[int]:
        layout, need, found = self.layout, self.need[f], []
        for bit in bits_of(self.mask[f]):
            sellers = self.sellers.get(bit, ())
            start = (f * 2654435761 + round_number * 40503) % len(sellers) if sellers else 0
            for k in range(min(CANDIDATES // 3, len(sellers))):
                seller = sellers[(start + k) % len(sellers)]
                stall = self.stall_of[seller] if seller >= 0 else -seller - 1
                if stall == -1:
                    continue
                found.extend(t for t in layout.neighbours[stall]
                             if t < layout.count and not need & ~layout.features[t])
        return found

    def _try_swaps(self, f: int, a: int, round_number: int) -> int:
        """Swap f (at a) with the partner that raises J most; 1 if a swap was made."""
        layout, family_at, need, priority, corner_cost = (
            self.layout, self.family_at, self.need, self.priority, self.corner_cost)
        quality, corner, masks, neighbours = layout.quality, layout.corner, layout.mask, layout.neighbours
        own, spread, features_a = masks[a], self.spread, layout.features[a]
        value_a = quality[a] - (corner_cost[f] if corner[a] else 0.0)
        best_gain, best_b = _EPSILON, -1
        for b in self._partners(f, a, round_number):
            other = family_at[b]
            gain = priority[f] * (quality[b] - (corner_cost[f] if corner[b] else 0.0) - value_a)
            if other != -1:
                if need[other] & ~features_a:
                    continue
                cost = corner_cost[other]
                gain += priority[other] * (quality[a] - (cost if corner[a] else 0.0)
                                           - quality[b] + (cost if corner[b] else 0.0))
            theirs = masks[b]
            if spread and (own or theirs):
                change = 0  # same-category pairs after the swap minus before
                for t in neighbours[b]:
                    if t != a:
                        change += (masks[t] & own != 0) - (masks[t] & theirs != 0)
                for t in neighbours[a]:
                    if t != b:
                        change += (masks[t] & theirs != 0) - (masks[t] & own != 0)
                gain += spread * change
            if gain > best_gain:
                best_gain, best_b = gain, b
        if best_b == -1:
            return 0
        other = family_at[best_b]
        masks[a], masks[best_b] = masks[best_b], masks[a]
        self.stall_of[f], family_at[best_b], family_at[a] = best_b, f, other
        if other != -1:
            self.stall_of[other] = a
        return 1
