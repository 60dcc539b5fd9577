"""The keys and values case.toml accepts (the one list the loader, the web form and the
docs check against)."""

from __future__ import annotations

PLATFORMS = ("1688", "taobao", "tmall", "jd", "pinduoduo", "paypal", "ebay", "amazon", "other")
LANGUAGES = ("zh", "en")
BUYER_TYPES = ("business", "consumer")
CLAIMS = (
    "quality",
    "not_as_described",
    "damaged",
    "missing",
    "wrong_item",
    "not_received",
    "counterfeit",
    "no_reason",
)
REFUND_TYPES = ("refund_only", "return_refund", "exchange", "partial_refund", "repair")
EVENT_KINDS = (
    "ordered",
    "paid",
    "shipped",
    "estimated_delivery",
    "delivered",
    "signed",
    "confirmed_receipt",
    "complained",
    "refund_requested",
    "seller_agreed",
    "seller_refused",
    "return_shipped",
    "return_delivered",
    "refunded",
    "intervention_requested",
    "appealed",
    "closed",
    "other",
)

_CHOICES: dict[str, tuple[str, ...]] = {
    "platform": PLATFORMS,
    "language": LANGUAGES,
    "buyer_type": BUYER_TYPES,
    "claim": CLAIMS,
    "refund_type": REFUND_TYPES,
}
_CASE_STR_KEYS = (
    "platform",
    "order_id",
    "timezone",
    "language",
    "buyer",
    "seller",
    "buyer_type",
    "claim",
    "refund_type",
    "amount",
    "currency",
    "statement",
    "statement_en",
    "statement_platform",
    "title",
    "claimed_amount",
    "transaction_id",
    "case_id",
    "request_id",
    "seller_entity",
    "seller_address",
    "buyer_contact",
    "buyer_address",
    "insured_value",
)
_CASE_OTHER_KEYS = {
    "seven_day": bool,
    "reply_days": int,
    "quantity": int,
    "defective_quantity": int,
}
_AMOUNT_KEYS = ("amount", "claimed_amount", "insured_value")
QUANTITY = (0, 1_000_000)
_EVENT_KEYS = ("kind", "at", "tracking", "carrier", "note", "note_en")
_FILE_KEYS = (
    "path",
    "caption",
    "caption_en",
    "category",
    "exclude",
    "taken_at",
    "redact",
    "purpose",
    "purpose_en",
    "group",
)
