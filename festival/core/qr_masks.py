"""The QR code's mask, chosen as the qrcode package chooses it, in a tenth of its time.

A QR code's data modules are XOR-ed with one of 8 mask patterns; the standard (ISO/IEC
18004, 7.8.3) picks the pattern whose result has the lowest penalty: runs of 5 or more
modules of one colour (rule 1), 2 × 2 blocks of one colour (rule 2), finder-like
1:1:3:1:1 patterns beside 4 light modules (rule 3), and dark modules far from half
(rule 4). qrcode builds each of the 8 matrices and scores it module by module in pure
Python: about 7 ms of a code's 8.6 ms, most of a 1,000-badge PDF's time.

`MaskedQRCode` builds one matrix (mask 0) and gets the other 7 from it with one XOR each
on the data region, then scores all 8 with the matrix held as one integer a bit a module
(row by row, and a second integer column by column): each rule is a handful of shifts,
ANDs and popcounts on integers of ~2,000 bits. It scores exactly what qrcode scores (its
`util.lost_point` on the matrix of `makeImpl(test=True, ...)`, whose format modules are
all light) and breaks ties as it does (the first lowest), so it picks the same mask and
draws the same code, module for module: tests/badges/test_qr_masks.py compares both on
codes of many versions.
"""
from functools import cache

import qrcode
from qrcode.util import mask_func

MASKS = range(8)
# Rule 3: dark:light:dark:light:dark 1:1:3:1:1 with 4 light modules after or before it.
FINDER_LIKE = ("10111010000", "00001011101")


def _bit_rows(modules, test) -> int:
    """Row-major bit set of the modules for which `test(module)` holds: bit r·n + c."""
    return int("".join("1" if test(module) else "0" for row in reversed(modules) for module in reversed(row)), 2)


def _transposed(bits: int, size: int) -> int:
    """The same modules column by column: bit c·n + r."""
    rows = [(bits >> (row * size)) & ((1 << size) - 1) for row in range(size)]
    return sum(((rows[row] >> column) & 1) << (column * size + row) for row in range(size) for column in range(size))


@cache
def _starts(size: int, width: int) -> int:
    """Bit set of the positions where `width` modules fit before the end of their row."""
    row = (1 << (size - width + 1)) - 1
    return sum(row << (line * size) for line in range(size))


@cache
def _mask_patterns(size: int) -> tuple[int, ...]:
    """Bit set of the modules each of the 8 patterns inverts (qrcode's own mask functions)."""
    patterns = []
    for pattern in MASKS:
        inverts = mask_func(pattern)
        patterns.append(sum(1 << (row * size + column) for row in range(size) for column in range(size)
                            if inverts(row, column)))
    return tuple(patterns)


def _runs_penalty(bits: int, size: int) -> int:
    """Rule 1 along the rows of `bits`: each run of L ≥ 5 modules of one colour costs L − 2."""
    full = (1 << size * size) - 1
    penalty = 0
    for colour in (bits, ~bits & full):
        fives = colour
        for step in range(1, 5):
            fives &= colour >> step
        fives &= _starts(size, 5)  # bit s: modules s..s+4 of one row are all this colour
        # A run of L holds L − 4 such starts, one of them its first: (L − 4) + 2 = L − 2.
        penalty += fives.bit_count() + 2 * (fives & ~(fives << 1)).bit_count()
    return penalty


def _finder_like_penalty(bits: int, size: int) -> int:
    """Rule 3 along the rows of `bits`: 40 for each pattern found."""
    found = 0
    for pattern in FINDER_LIKE:
        matches = _starts(size, len(pattern))
        for step, module in enumerate(pattern):
            matches &= (bits if module == "1" else ~bits) >> step
        found += matches.bit_count()
    return 40 * found


def penalty(rows: int, columns: int, size: int) -> int:
    """qrcode's `util.lost_point` of the matrix given as its rows' and its columns' bit sets."""
    blocks = _starts(size, 2) & ((1 << size * (size - 1)) - 1)  # top-left corners: not the last row nor column
    same_across = ~(rows ^ (rows >> 1))
    same_down = ~(rows ^ (rows >> size))
    rule2 = 3 * (same_across & (same_across >> size) & same_down & blocks).bit_count()
    rule1 = _runs_penalty(rows, size) + _runs_penalty(columns, size)
    rule3 = _finder_like_penalty(rows, size) + _finder_like_penalty(columns, size)
    percent = float(rows.bit_count()) / (size**2)  # as qrcode computes it, float and all
    rule4 = int(abs(percent * 100 - 50) / 5) * 10
    return rule1 + rule2 + rule3 + rule4


@cache
def _region_masks(size: int, data_region: int) -> tuple[tuple[int, int], ...]:
    """For each pattern, the XOR that turns the mask-0 matrix into its own: rows and columns."""
    patterns = _mask_patterns(size)
    flips = [data_region & (patterns[0] ^ pattern) for pattern in patterns]
    return tuple((flip, _transposed(flip, size)) for flip in flips)


class MaskedQRCode(qrcode.QRCode):
    """qrcode's QRCode, its mask chosen on bit sets (the module docstring says why it is the same)."""

    _data_region: int | None = None

    def map_data(self, data, mask_pattern):
        self._data_region = _bit_rows(self.modules, lambda module: module is None)  # what map_data fills
        super().map_data(data, mask_pattern)

    def best_mask_pattern(self) -> int:
        self.makeImpl(True, 0)
        size = self.modules_count
        rows = _bit_rows(self.modules, bool)
        columns = _bit_rows(list(zip(*self.modules, strict=True)), bool)
        scores = [penalty(rows ^ flip, columns ^ flip_down, size)
                  for flip, flip_down in _region_masks(size, self._data_region)]
        return scores.index(min(scores))  # the first lowest, as qrcode
