"""EK3xx findings: evidence against the case timeline, completeness, deadlines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from evidencekit.audit.checks.timeline import timeline_findings
from evidencekit.models import (
    Case,
    Category,
    Confidence,
    EvidenceItem,
    Finding,
    Severity,
)
from tests.util import event, photo

NOW = datetime(2025, 12, 20, 12, 0, tzinfo=UTC)
DOCS = Path(__file__).resolve().parents[1] / "docs" / "findings-timeline.md"


@dataclass(frozen=True)
class KeyedCase(Case):
    seven_day: bool = False


EVENTS = (
    event("ordered", "2025-12-10 10:00"),
    event("shipped", "2025-12-12 18:00", carrier="圆通", tracking="YT1234567890123"),
    event("signed", "2025-12-15 16:30"),
    event("complained", "2025-12-15 18:00"),
)
COMPLETE = [
    photo("product/whole.jpg", Category.PRODUCT, "2025-12-15 17:00", "整体"),
    photo("product/defect.jpg", Category.PRODUCT, "2025-12-15 17:05", "印花特写"),
    photo("chat/1.png", Category.CHAT, "2025-12-15 18:05"),
    photo("listing/page.png", Category.LISTING, "2025-12-10 09:50"),
]


def run(case: Case, items: list[EvidenceItem], now: datetime = NOW) -> list[Finding]:
    return timeline_findings(case, items, now)


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def one(findings: list[Finding], code: str) -> Finding:
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, (code, findings)
    return hits[0]


def test_complete_case_is_clean() -> None:
    assert run(Case(platform="taobao", events=EVENTS), COMPLETE) == []


def test_product_photo_before_delivery() -> None:
    items = [
        *COMPLETE,
        photo("product/early.jpg", Category.PRODUCT, "2025-12-14 17:00", "整体"),
        photo("product/guess.jpg", Category.PRODUCT, "2025-12-14 17:00", "整体", Confidence.LOW),
        photo("product/tolerated.jpg", Category.PRODUCT, "2025-12-15 15:45", "整体"),
        photo("parcel/box.jpg", Category.PARCEL, "2025-12-13 09:00"),
    ]
    found = run(Case(platform="taobao", events=EVENTS), items)
    ek301 = {f.path: f.severity for f in found if f.code == "EK301"}
    assert ek301 == {"product/early.jpg": Severity.ERROR, "product/guess.jpg": Severity.WARNING}
    assert one(found, "EK302").path == "parcel/box.jpg"


def test_listing_long_after_order_advises_snapshot() -> None:
    items = [*COMPLETE[:3], photo("listing/late.png", Category.LISTING, "2025-12-19 10:00")]
    f = one(run(Case(platform="taobao", events=EVENTS), items), "EK303")
    assert "交易快照" in f.remedy and f.path == "listing/late.png"


def test_chat_outside_dispute() -> None:
    events = (*EVENTS, event("closed", "2025-12-18 10:00"))
    items = [
        *COMPLETE,
        photo("chat/old.png", Category.CHAT, "2025-12-01 10:00"),
        photo("chat/late.png", Category.CHAT, "2025-12-19 10:00"),
    ]
    found = run(Case(platform="taobao", events=events), items)
    assert one(found, "EK304").path == "chat/old.png"
    assert one(found, "EK305").severity == Severity.INFO


def test_return_label_after_return_shipped_and_tracking() -> None:
    events = (
        *EVENTS,
        event("return_shipped", "2025-12-18 11:00", carrier="顺丰", tracking="SF1234567890"),
    )
    items = [
        *COMPLETE,
        photo("parcel/退货面单.jpg", Category.PARCEL, "2025-12-19 10:00", "退货面单 SF1234567899"),
        photo(
            "parcel/label-ok.jpg", Category.PARCEL, "2025-12-18 10:30", "return label SF1234567890"
        ),
    ]
    case = Case(platform="taobao", refund_type="return_refund", events=events)
    found = run(case, items)
    assert one(found, "EK306").path == "parcel/退货面单.jpg"
    f = one(found, "EK316")
    assert "SF1234567899" in f.message and f.path == "parcel/退货面单.jpg"
    assert "EK315" not in codes(found)


def test_return_tracking_missing_or_inconsistent() -> None:
    case = Case(platform="taobao", refund_type="return_refund", events=EVENTS)
    assert "EK315" in codes(run(case, COMPLETE))
    twice = (
        *EVENTS,
        event("return_shipped", "2025-12-18 11:00", tracking="SF1234567890"),
        event("return_received", "2025-12-19 11:00", tracking="SF 1234 5678 91"),
    )
    f = one(
        run(Case(platform="taobao", refund_type="return_refund", events=twice), COMPLETE), "EK316"
    )
    assert f.path is None and "SF1234567891" in f.message


@pytest.mark.parametrize(
    ("buyer", "sev"), [("business", Severity.WARNING), ("consumer", Severity.INFO)]
)
def test_notice_gap(buyer: str, sev: Severity) -> None:
    events = (*EVENTS[:3], event("complained", "2025-12-29 10:00"))
    f = one(
        run(
            Case(platform="1688", buyer_type=buyer, events=events),
            COMPLETE,
            datetime(2025, 12, 29, 12, tzinfo=UTC),
        ),
        "EK307",
    )
    assert f.severity == sev and "621" in f.message and "13 days" in f.message
    assert "law sets no number" in f.message


def test_notice_gap_without_complaint_counts_to_now() -> None:
    events = EVENTS[:3]
    found = run(
        Case(platform="1688", buyer_type="business", events=events),
        COMPLETE,
        datetime(2025, 12, 30, tzinfo=UTC),
    )
    assert "no complaint is recorded yet" in one(found, "EK307").message


def test_completeness_per_claim() -> None:
    chatless = [i for i in COMPLETE if i.source.category != Category.CHAT]
    assert "EK314" in codes(run(Case(platform="taobao", events=EVENTS), chatless))
    closeups_only = [i for i in COMPLETE if i.path != "product/whole.jpg"]
    assert codes(run(Case(platform="taobao", events=EVENTS), closeups_only)) == {"EK310"}
    no_closeup = [i for i in COMPLETE if i.path != "product/defect.jpg"]
    f = one(run(Case(platform="taobao", events=EVENTS), no_closeup), "EK311")
    assert "heuristic" in f.message
    no_listing = [i for i in COMPLETE if i.source.category != Category.LISTING]
    assert "EK312" in codes(
        run(Case(platform="taobao", claim="not_as_described", events=EVENTS), no_listing)
    )
    assert "EK313" in codes(run(Case(platform="taobao", claim="damaged", events=EVENTS), COMPLETE))
    assert "EK310" not in codes(
        run(Case(platform="taobao", claim="damaged", events=EVENTS), COMPLETE)
    )


def test_missing_signing_time() -> None:
    assert "EK320" in codes(run(Case(platform="taobao", events=EVENTS[:2]), COMPLETE))


def test_deadline_findings() -> None:
    events = (
        *EVENTS,
        event("refund_requested", "2025-12-16 09:00"),
        event("seller_agreed", "2025-12-16 10:00"),
    )
    case = Case(platform="taobao", refund_type="return_refund", events=events)
    missed = run(case, COMPLETE, datetime(2025, 12, 24, tzinfo=UTC))
    assert "return" in one(missed, "EK330").message.lower()
    soon = run(case, COMPLETE, datetime(2025, 12, 22, 12, tzinfo=UTC))
    assert ", in 14 hours)" in one(soon, "EK331").message  # one bracket level
    # Seller silence: Taobao gives the seller 5 days after a post-shipment refund request.
    silent = (*EVENTS, event("refund_requested", "2025-12-16 09:00"))
    later = datetime(2025, 12, 22, tzinfo=UTC)
    f = one(run(Case(platform="taobao", events=silent), COMPLETE, later), "EK332")
    assert f.severity == Severity.INFO and "silence" in f.remedy


def test_unconfirmed_rule_is_advice_not_rule() -> None:
    events = (*EVENTS, event("return_shipped", "2025-12-18 11:00", tracking="SF1234567890"))
    f = one(run(Case(platform="1688", events=events), COMPLETE), "EK333")
    assert f.severity == Severity.INFO and "unconfirmed" in f.message.lower()
    assert "EK330" not in codes(run(Case(platform="1688", events=events), COMPLETE))


def test_no_reason_claim_for_business_buyer() -> None:
    business = Case(platform="1688", buyer_type="business", claim="no_reason", events=EVENTS)
    assert "EK340" in codes(run(business, COMPLETE))
    flagged = KeyedCase(
        platform="1688", buyer_type="business", claim="no_reason", seven_day=True, events=EVENTS
    )
    assert "EK340" not in codes(run(flagged, COMPLETE))


def test_every_code_is_documented_in_range() -> None:
    table = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (EK3\d\d) \|", table, re.M))
    src = (
        Path(__file__).resolve().parents[1] / "src/evidencekit/audit/checks/timeline.py"
    ).read_text()
    used = set(re.findall(r'"(EK\d{3})"', src))
    assert used and used <= documented
    assert all(300 <= int(c[2:]) <= 399 for c in used)
