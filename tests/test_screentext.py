"""Screenshot text parsers (pure; no OCR needed) and, when the OCR extra is installed, OCR on
generated WeChat/旺旺-style chat screenshots."""

from __future__ import annotations

import importlib.util
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidencekit.audit import screentext as t
from evidencekit.audit.pixels import extract_pixels
from evidencekit.models import Category
from evidencekit.testing import imagegen as g

SHOT = datetime(2025, 12, 18, 10, 3)  # a Thursday


def _one(line: str) -> t.VisibleTime:
    found = t.parse_times(line)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("line", "resolved"),
    [
        ("19:07", datetime(2025, 12, 18, 19, 7)),  # today
        ("昨天 19:07", datetime(2025, 12, 17, 19, 7)),
        ("前天 08:30", datetime(2025, 12, 16, 8, 30)),
        ("星期三 10:03", datetime(2025, 12, 17, 10, 3)),
        ("周四 10:03", datetime(2025, 12, 11, 10, 3)),  # same weekday as today: a week ago
        ("12月17日 19:07", datetime(2025, 12, 17, 19, 7)),
        ("12月17日19:07", datetime(2025, 12, 17, 19, 7)),  # OCR drops the space
        ("2025-12-17 19:07", datetime(2025, 12, 17, 19, 7)),
        ("2025年12月17日 19:07", datetime(2025, 12, 17, 19, 7)),
        ("2025/12/17 19:07:33", datetime(2025, 12, 17, 19, 7, 33)),
        ("下午7:07", datetime(2025, 12, 18, 19, 7)),
        ("昨天 晚上9：15", datetime(2025, 12, 17, 21, 15)),  # full-width colon
        ("中午12:30", datetime(2025, 12, 18, 12, 30)),
    ],
)
def test_time_formats(line: str, resolved: datetime) -> None:
    vt = _one(line)
    assert vt.standalone
    assert vt.resolve(SHOT) == resolved


def test_month_day_far_ahead_is_last_year() -> None:
    jan = datetime(2026, 1, 2, 9, 0)
    assert _one("12月17日 19:07").resolve(jan) == datetime(2025, 12, 17, 19, 7)
    assert _one("1月5日 08:00").resolve(jan) == datetime(2026, 1, 5, 8, 0)  # ahead: a contradiction


def test_times_inside_messages_are_not_standalone() -> None:
    assert not _one("我19:07到").standalone
    vt = _one("下单时间：2025-12-10 09:12:33")
    assert not vt.standalone and vt.full_date is not None


def test_not_times() -> None:
    for line in ("5G78", "¥1280.00", "25:70", "2025-02-30 10:00", ""):
        assert t.parse_times(line) == []
    # An impossible month is not a date: only the time remains, and not as a standalone label.
    (vt,) = t.parse_times("13月1日 10:00")
    assert vt.time_only and not vt.standalone


def test_numbers_prices_phones_addresses() -> None:
    assert t.order_numbers("订单号3891234567890123") == ["3891234567890123"]
    assert t.order_numbers("运单号 SF1234567890123 电话13812345678") == []
    assert t.order_numbers("2025121722001412345678901234567") == []  # payment serial: too long
    assert t.prices("价格￥1280.00 运费¥0 合计¥1,280.5") == ["1280.00", "0.00", "1280.50"]
    assert t.phones("电话13812345678") == ["13812345678"]
    assert t.phones("138****5678 或 12812345678") == []
    assert t.has_address("浙江省杭州市余杭区仓前街道文一西路1000号")
    assert not t.has_address("浙江省杭州市余杭区仓前街道****号")
    assert t.one_digit_off("3891234567890123", "3891234567890128")
    assert not t.one_digit_off("3891234567890123", "389123456789012")


@given(st.text())
def test_parsers_never_raise(text: str) -> None:
    for vt in t.parse_times(text):
        vt.resolve(SHOT)
        vt.resolve(datetime(1, 1, 1))
        vt.resolve(datetime(9999, 12, 31))
    t.order_numbers(text)
    t.prices(text)
    t.phones(text)
    t.has_address(text)


@given(st.from_regex(t.TIME_LABEL, fullmatch=True), st.datetimes())
def test_time_labels_resolve_or_none(label: str, when: datetime) -> None:
    for vt in t.parse_times(label):
        got = vt.resolve(when)
        assert got is None or isinstance(got, datetime)


# --------------------------------------------------------------------------- OCR (optional)

needs_ocr = pytest.mark.skipif(
    importlib.util.find_spec("rapidocr_onnxruntime") is None,
    reason="the OCR extra (evidencekit[ocr]) is not installed",
)


@needs_ocr
def test_ocr_reads_times_and_order_numbers(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("EVIDENCEKIT_OCR", "1")
    lines = [
        "time:12月16日 10:01",
        "them:亲，您好，有什么可以帮您",
        "me:订单号 3891234567890123",
        "time:昨天 19:07",
        "me:电话13812345678",
        "time:星期三 10:03",
        "time:2025-12-17 19:07",
    ]
    p = g.screenshot_png(tmp_path / "chat.png", kind="chat", lines=lines, when="2025-12-18 10:03")
    facts = extract_pixels(str(p), "image/png", Category.CHAT, 10**9, True)
    assert facts.ocr_state == "ok", facts.ocr_state
    text = [line for line, _ in facts.ocr_lines]
    labels = {vt.text.replace(" ", "") for line in text for vt in t.parse_times(line)}
    for want in ("12月16日10:01", "昨天19:07", "星期三10:03", "2025-12-1719:07", "10:03"):
        assert want in labels, (want, text)
    assert "3891234567890123" in {n for line in text for n in t.order_numbers(line)}
    assert "13812345678" in {n for line in text for n in t.phones(line)}
    w, h = facts.size or (0, 0)
    assert all(0 <= b[0] < b[2] <= w and 0 <= b[1] < b[3] <= h for _, b in facts.ocr_lines)


@needs_ocr
def test_audit_flags_screenshot_older_than_its_content(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from evidencekit.audit.pipeline import run_audit
    from evidencekit.options import AuditOptions

    monkeypatch.setenv("EVIDENCEKIT_OCR", "1")
    root = tmp_path / "case"
    (root / "chat").mkdir(parents=True)
    (root / "case.toml").write_text('[case]\norder_id = "3891234567890123"\n', encoding="utf-8")
    # Named as taken on 16 Dec 10:03, but the chat shows a message time of 17 Dec 19:07.
    g.screenshot_png(
        root / "chat" / "Screenshot_20251216_100312_com.alibaba.wireless.png",
        kind="chat",
        lines=[
            "time:12月16日 10:01",
            "me:订单号 3891234567890999",
            "time:12月17日 19:07",
            "them:好的",
        ],
        when="2025-12-16 10:03",
    )
    result = run_audit(AuditOptions(root, jobs=1))
    codes = {f.code for it in result.items for f in it.findings}
    assert {"EK471", "EK473"} <= codes
    assert "EK470" not in {f.code for f in result.findings}


def test_missing_ocr_is_one_case_finding(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from evidencekit.audit import pixels
    from evidencekit.audit.pipeline import run_audit
    from evidencekit.options import AuditOptions

    monkeypatch.setenv("EVIDENCEKIT_OCR", "1")
    monkeypatch.setattr(pixels, "ocr_installed", lambda: False)
    root = tmp_path / "case"
    (root / "chat").mkdir(parents=True)
    for i in range(2):
        g.screenshot_png(root / "chat" / f"Screenshot_2025121{i}_100312.png", kind="chat")
    result = run_audit(AuditOptions(root, jobs=1))
    ek470 = [f for f in result.findings if f.code == "EK470"]
    assert len(ek470) == 1 and "pip install 'evidencekit[ocr]'" in ek470[0].remedy
    assert "2 screenshot" in ek470[0].message
