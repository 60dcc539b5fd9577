"""``evidencekit init``: the category folders and a commented case.toml (never overwrites)."""

from __future__ import annotations

from pathlib import Path

from evidencekit._io import atomic_write_bytes
from evidencekit.case.load import CASE_FILE
from evidencekit.errors import CaseError
from evidencekit.models import PLACEHOLDER_STATEMENT

TEMPLATE = f"""\
# evidencekit case file. Every key is optional; delete what you do not need.
# Times without an offset are local time in `timezone`.

[case]
platform = "1688"            # 1688 | taobao | tmall | jd | pinduoduo | paypal | ebay | amazon | other
order_id = ""                # the order number, exactly as the platform shows it
timezone = "Asia/Shanghai"   # IANA name; applies to any time without an offset
language = "zh"              # zh | en (dossier language)
buyer = ""
seller = ""
buyer_type = "consumer"      # business | consumer
claim = "quality"            # quality | not_as_described | damaged | missing | wrong_item |
                             # not_received | counterfeit | no_reason
refund_type = "refund_only"  # refund_only | return_refund | exchange | partial_refund | repair
amount = ""                  # e.g. "1280.00"
currency = "CNY"
statement = \"\"\"
{PLACEHOLDER_STATEMENT}
\"\"\"
# statement_en = ""          # the statement in English, for `build --lang en`

# The order's timeline: copy the times from the order page and the logistics page.
# kind: ordered | paid | shipped | delivered | refund_requested | seller_agreed |
#       seller_refused | return_shipped | return_delivered | refunded |
#       intervention_requested | other
# [[event]]
# kind = "delivered"
# at = "2025-12-15 16:30"
# tracking = "SF1234567890123"   # for shipped / return_shipped
# carrier = "SF"
# note = ""
# note_en = ""                   # the note in English, for `build --lang en`

# Optional per-file settings (path relative to this folder):
# [[file]]
# path = "product/IMG_0001.jpg"
# caption = "左侧外壳划痕"
# caption_en = "Scratch on the left side"   # for `build --lang en`
# purpose = "证明收到的商品外壳开裂"      # 证明目的 in the exhibit list (default per category)
# purpose_en = "Shows the casing arrived cracked"
# group = "外壳开裂"               # exhibits with the same group are numbered 1-1, 1-2 ...
# category = "product"
# exclude = false
# taken_at = "2025-12-15 17:02"   # only if the file has no reliable time; shown as declared
# redact = [[120, 300, 400, 60]]   # black out [x, y, width, height] (phone number, address)
"""

FOLDERS = {
    "product": "photos of the goods and close-ups of the defects",
    "listing": "screenshots of the product detail page (and the order snapshot)",
    "chat": "screenshots of the conversation with the seller, with timestamps visible",
    "parcel": "photos of the parcel, the waybill and labels",
    "other": "anything else",
}


def init_case(case_dir: Path) -> list[str]:
    """Create the category folders and a commented case.toml; never overwrites."""
    target = case_dir / CASE_FILE
    if target.exists():
        raise CaseError(
            f"{target} already exists; init does not overwrite it",
            "edit the existing case.toml, or run init on a new folder",
        )
    created = []
    case_dir.mkdir(parents=True, exist_ok=True)
    for name in FOLDERS:
        d = case_dir / name
        if not d.exists():
            d.mkdir()
            created.append(name + "/")
    atomic_write_bytes(target, TEMPLATE.encode("utf-8"), exclusive=True)
    created.append(CASE_FILE)
    return created
