"""Units ordered and affected, and the amount claimed for them (民法典第六百三十二条: with
several items the buyer may terminate only for the defective ones). The letters and the
dossier both print the claimed amount from here, so they never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from evidencekit.models import Case

CENT = Decimal("0.01")


def decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "")) if text.strip() else None
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class Units:
    """How many units were ordered and how many the claim is about (0: not given)."""

    ordered: int
    affected: int

    @property
    def partial(self) -> bool:
        return 0 < self.affected < self.ordered


def units(case: Case) -> Units:
    q = max(case.quantity, 0)
    d = max(case.defective_quantity, 0)
    return Units(q, d if d else q)


def claimed_amount(case: Case) -> Decimal | None:
    """``claimed_amount``, else ``amount`` when every unit is affected, else the affected share
    of ``amount`` (¥1280 for 8 units, 5 defective -> ¥800.00; 民法典第六百三十二条)."""
    explicit = decimal(case.claimed_amount)
    if explicit is not None:
        return explicit.quantize(CENT)
    total = decimal(case.amount)
    if total is None:
        return None
    u = units(case)
    if u.partial:
        return (total * u.affected / u.ordered).quantize(CENT, ROUND_HALF_UP)
    return total.quantize(CENT)


def money(value: Decimal | None, currency: str, zh: bool) -> str:
    """人民币800.00元 / CNY 800.00 ('' when there is no amount)."""
    if value is None:
        return ""
    if zh:
        return f"人民币{value:.2f}元" if currency == "CNY" else f"{currency} {value:.2f}"
    return f"{currency} {value:,.2f}"
