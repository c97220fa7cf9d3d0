"""Which dates a family's money settles: the earliest first, whatever date a payment named.

The money a family gave at a market (its payments less its refunds) is one sum; it settles
its dates in date order, each up to what the date owes after its waiver, and what is left
is a credit to give back. So a credit that appears on one date (it was paid, then waived,
cancelled or moved to a cheaper stall) pays the next date at once, and a date is "paid"
exactly when the family's account says so: the badge rule and the gate never ask a family
to pay what its account already covers.

The shares stored with each payment (festival/fees/models.PaymentShare) say what the
money was taken for at the time, for the receipt and for the money-received-per-date
report; they do not decide what is paid now.
"""
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Line:
    application_id: int
    occurrence_id: int
    family_id: int
    market_id: int
    day: date
    stall_code: str | None
    owed: int
    waived: int
    received: int  # the shares of payments and refunds taken for this date
    paid: int = 0  # what the family's money settles of it (see the module's docstring)

    @property
    def net(self) -> int:
        return self.owed - self.waived

    @property
    def outstanding(self) -> int:
        return self.net - self.paid


def settle(lines: list[Line]) -> tuple[list[Line], int]:
    """The lines of one family at one market with `paid` set, in date order, and the credit left."""
    money = sum(line.received for line in lines)
    settled = []
    for line in sorted(lines, key=lambda line: (line.day, line.application_id)):
        part = min(max(line.net, 0), max(money, 0))
        money -= part
        settled.append(Line(**{**line.__dict__, "paid": part}))
    return settled, max(money, 0)
