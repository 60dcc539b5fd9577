"""What case.toml says, validated: the case, its timeline events and the per-file settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from evidencekit.models.evidence import Category, Finding

PLACEHOLDER_STATEMENT = "What happened, in your own words."
"""The ``init`` template's statement (case/scaffold.py): never printed as the buyer's words."""


def is_placeholder(statement: str) -> bool:
    return " ".join(statement.split()) == PLACEHOLDER_STATEMENT


@dataclass(frozen=True)
class Event:
    kind: str
    at_local: datetime
    offset_minutes: int
    offset_assumed: bool
    tracking: str = ""
    carrier: str = ""
    note: str = ""
    line: int | None = None
    note_en: str = ""
    """English note for an English dossier of a Chinese case ('' = use ``note``)."""

    def note_in(self, lang: str) -> str:
        return self.note_en if lang == "en" and self.note_en else self.note

    @property
    def utc(self) -> datetime:
        return (self.at_local - timedelta(minutes=self.offset_minutes)).replace(tzinfo=UTC)


@dataclass(frozen=True)
class FileSetting:
    path: str
    caption: str = ""
    category: Category | None = None
    exclude: bool = False
    taken_at: str = ""
    line: int | None = None
    redact: tuple[tuple[int, int, int, int], ...] = ()
    """Pixel boxes (x, y, w, h) on the upright image to black out before embedding; such a
    file's original is never attached."""
    purpose: str = ""
    """What the exhibit shows (证明目的), printed in the exhibit list; '' = the category's
    default."""
    group: str = ""
    """Exhibits with the same group are numbered together (1-1, 1-2 ...); '' = no group."""
    caption_en: str = ""
    purpose_en: str = ""


@dataclass(frozen=True)
class Case:
    """case.toml, validated. Every field has a default so a case works without the file."""

    platform: str = "other"
    order_id: str = ""
    timezone: str = "Asia/Shanghai"
    language: str = "zh"
    buyer: str = ""
    seller: str = ""
    buyer_type: str = "consumer"
    claim: str = "quality"
    refund_type: str = "refund_only"
    amount: str = ""
    currency: str = "CNY"
    statement: str = ""
    statement_en: str = ""
    """The statement in English, for an English dossier of a Chinese case."""
    title: str = ""
    seven_day: bool = False
    """The order carries the 7-day no-reason service (1688 ``extInfo.7d``; opt-in for B2B)."""
    reply_days: int = 3
    """Days the buyer gives the seller to answer (the buyer's own deadline, not a rule)."""
    quantity: int = 0
    """Units ordered (0: not given)."""
    defective_quantity: int = 0
    """Units affected by the claim (0: not given; all units when ``quantity`` is not given)."""
    claimed_amount: str = ""
    """The amount demanded; default: ``amount`` only when every unit is affected
    (民法典第六百三十二条: with several items, terminate only for the defective ones)."""
    statement_platform: str = ""
    """The buyer's account written for the platform (``statement`` goes to the seller)."""
    transaction_id: str = ""
    """PayPal transaction id (used in place of an order number)."""
    case_id: str = ""
    """eBay / Amazon A-to-z case id."""
    request_id: str = ""
    """eBay return or item-not-received request id."""
    seller_entity: str = ""
    """The seller's legal entity as its 亮照 business licence names it (court, 12315)."""
    seller_address: str = ""
    buyer_contact: str = ""
    """The buyer's phone or e-mail for a 12315 complaint (real identity)."""
    buyer_address: str = ""
    insured_value: str = ""
    """The declared (保价) value of the parcel, for a courier claim."""
    events: tuple[Event, ...] = ()
    files: tuple[FileSetting, ...] = ()
    has_file: bool = False

    """Whether case.toml existed."""
    warnings: tuple[Finding, ...] = field(default=())
    """Non-fatal problems found while loading case.toml (unknown keys...)."""

    def redactions(self, path: str) -> tuple[tuple[int, int, int, int], ...]:
        return next((f.redact for f in self.files if f.path == path), ())

    def statement_in(self, lang: str) -> str:
        """The statement to print in ``lang`` (``statement_en`` for English when given);
        '' when there is none or it is still the ``init`` placeholder."""
        text = self.statement_en if lang == "en" and self.statement_en.strip() else self.statement
        return "" if is_placeholder(text) else text.strip()

    def file(self, path: str) -> FileSetting | None:
        """The ``[[file]]`` settings of ``path``, None when it has none."""
        return next((f for f in self.files if f.path == path), None)
