"""Assignment benchmark: the automatic stall assigner on 500 … 5,000 families in one process.

Target: 5,000 approved families into 5,000 stalls in under 2 s. Prints the seconds for
each size and how time grows with it (the log-log slope: 1 is linear, 2 quadratic).
Asserts nothing; tests never assert timings.

Data, generated with a fixed seed, as many families as stalls: sections of 20 rows × 50
columns, quality falling with the distance from the entrance; 40% of the stalls have
electricity, 30% are covered, 20% step-free; families need electricity (30%), a cover
(20%), step-free access (10%); 12 crafts of uneven popularity plus a few rare ones, 30%
of the families sell two; 80% have a history of 1–10 earlier Fridays (10 for most).

    .venv/bin/python bench/assign.py [--sizes 500 1000 2000 5000] [--repeat 3] [--grouping spread] [--no-gc]

`--no-gc` switches Python's cyclic garbage collector off while timing: its full
collections grow with the live heap, and are most of what is above n log n.
"""
import argparse
import gc
import math
import platform
import random
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from festival.stalls.assigner import Candidate, Needs, StallSlot, Weights, propose  # noqa: E402

TARGET_SECONDS, TARGET_SIZE = 2.0, 5000
ROWS, COLUMNS = 20, 50
CRAFTS = ["food", "sweets", "pickles", "dairy", "soap", "textile", "embroidery", "pottery", "wood", "glass",
          "copper", "jewellery"]
RARE_CRAFTS = [f"rare-{number}" for number in range(10)]


def build_stalls(count: int, rnd: random.Random) -> list[StallSlot]:
    per_section = ROWS * COLUMNS
    stalls = []
    for number in range(count):
        section, spot = divmod(number, per_section)
        row, column = divmod(spot, COLUMNS)
        rows = min(ROWS, math.ceil((count - section * per_section) / COLUMNS))
        around = [(row, column - 1), (row, column + 1), (row - 1, column), (row + 1, column)]
        neighbours = [section * per_section + r * COLUMNS + c + 1 for r, c in around
                      if 0 <= r < rows and 0 <= c < COLUMNS and section * per_section + r * COLUMNS + c < count]
        entrance_distance = column / COLUMNS + section * 0.2
        quality = max(1, min(5, 5 - int(entrance_distance * 4) + rnd.choice((-1, 0, 0, 1))))
        stalls.append(StallSlot(
            id=number + 1, code=f"{chr(65 + section)}-{spot + 1:03d}", section=chr(65 + section), row=row + 1,
            column=column + 1, quality=quality, electricity=rnd.random() < 0.4, covered=rnd.random() < 0.3,
            accessible=rnd.random() < 0.2, corner=row in (0, rows - 1) and column in (0, COLUMNS - 1),
            neighbours=tuple(neighbours)))
    return stalls


def build_families(count: int, rnd: random.Random) -> list[Candidate]:
    popularity = [1 / (rank + 1) for rank in range(len(CRAFTS))]
    sold = []
    for number in range(count):
        crafts = set(rnd.choices(CRAFTS, popularity, k=2 if rnd.random() < 0.3 else 1))
        if number < len(RARE_CRAFTS):
            crafts.add(RARE_CRAFTS[number])
        sold.append(tuple(sorted(crafts)))
    sellers: dict[str, int] = {}
    for crafts in sold:
        for craft in crafts:
            sellers[craft] = sellers.get(craft, 0) + 1
    families = []
    for number in range(count):
        if rnd.random() < 0.8:
            history = tuple(rnd.randint(1, 5) for _ in range(10 if rnd.random() < 0.7 else rnd.randint(1, 9)))
        else:
            history = ()
        families.append(Candidate(
            application_id=100_000 + number, family_id=200_000 + number, name=f"family {number}",
            needs=Needs(rnd.random() < 0.3, rnd.random() < 0.2, rnd.random() < 0.1), categories=sold[number],
            first_time=not history and rnd.random() < 0.5, past_qualities=history,
            attended_share=rnd.random() if history else None,
            earlier_occurrences=len(history) + rnd.randint(0, 20) if history else 0,
            unique_product=any(sellers[craft] == 1 for craft in sold[number])))
    return families


def measure(size: int, weights: Weights, repeat: int) -> tuple[float, dict]:
    rnd = random.Random(size)
    stalls, families = build_stalls(size, rnd), build_families(size, rnd)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        proposal = propose(stalls, families, weights)
        timings.append(time.perf_counter() - started)
    goals = proposal.unmet_goals
    neighbours = ({"same-craft neighbour pairs": goals.same_category_neighbour_pairs} if weights.grouping == "spread"
                  else {"apart from their craft": goals.families_apart_from_their_category})
    return statistics.median(timings), {
        "placed": len(proposal.placements), "unplaced": len(proposal.unplaced), **neighbours,
        "low footfall again": goals.low_history_low_again, "unique in a corner": goals.unique_products_in_corners}


def slope(sizes: list[int], seconds: list[float]) -> float:
    """Least-squares slope of log(seconds) against log(size)."""
    xs, ys = [math.log(n) for n in sizes], [math.log(t) for t in seconds]
    mean_x, mean_y = statistics.mean(xs), statistics.mean(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 5000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the median is reported")
    parser.add_argument("--grouping", choices=("spread", "group"), default="spread")
    parser.add_argument("--no-gc", action="store_true", help="time with the cyclic garbage collector off")
    args = parser.parse_args(argv)
    weights = Weights(grouping=args.grouping)
    if args.no_gc:
        gc.disable()
    measure(args.sizes[0], weights, 1)  # warm-up: first calls, imports

    print(f"assigner benchmark, {datetime.now():%Y-%m-%d %H:%M}, Python {platform.python_version()}, "
          f"{platform.machine()}, grouping={args.grouping}, median of {args.repeat}"
          + (", garbage collector off" if args.no_gc else ""))
    print(f"target: {TARGET_SIZE} families into {TARGET_SIZE} stalls in under {TARGET_SECONDS:g} s")
    print(f"{'n':>6} {'seconds':>8} {'µs/family':>10}  result")
    seconds = []
    for size in args.sizes:
        elapsed, result = measure(size, weights, args.repeat)
        seconds.append(elapsed)
        print(f"{size:>6} {elapsed:>8.3f} {elapsed / size * 1e6:>10.1f}  " +
              ", ".join(f"{name} {value}" for name, value in result.items()))
    if len(args.sizes) > 1:
        exponent = slope(args.sizes, seconds)
        shape = "about n log n" if exponent < 1.35 else ("between n log n and n²" if exponent < 1.8 else "about n²")
        print(f"growth: time ∝ n^{exponent:.2f} ({shape}) from {args.sizes[0]} to {args.sizes[-1]}")
    if TARGET_SIZE in args.sizes:
        at_target = seconds[args.sizes.index(TARGET_SIZE)]
        verdict = "meets" if at_target < TARGET_SECONDS else "misses"
        print(f"{verdict} the target: {at_target:.2f} s at {TARGET_SIZE} (< {TARGET_SECONDS:g} s)")


if __name__ == "__main__":
    main()
