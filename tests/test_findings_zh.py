"""Every finding carries Chinese text (message_zh / remedy_zh), and zh output uses it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.audit.checks.items import _fmt_delta
from evidencekit.audit.checks.timeline import timeline_findings
from evidencekit.audit.pipeline import run_audit
from evidencekit.case.load import load_case
from evidencekit.cli import cli
from evidencekit.models import (
    Case,
    Category,
    EvidenceItem,
    ExifState,
    Finding,
    ImageMeta,
    SourceFile,
)
from evidencekit.options import AuditOptions
from tests.util import event, photo, write_jpeg

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "1688-quality-case"
NOW = datetime(2025, 12, 20, 2, 0, tzinfo=UTC)
CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_zh(f: Finding) -> None:
    """Chinese message and remedy present; the file path is kept as is."""
    assert f.message_zh and CJK.search(f.message_zh), f
    assert f.remedy_zh and CJK.search(f.remedy_zh), f
    if f.path and f.path in f.message:
        assert f.path in f.message_zh, f
    assert f.text("zh") == (f.message_zh, f.remedy_zh)
    assert f.text("en") == (f.message, f.remedy)


def test_fmt_delta_zh_twin() -> None:
    for d, en, zh in (
        (timedelta(seconds=30), "30 seconds", "30 秒"),
        (timedelta(minutes=5), "5 minutes", "5 分钟"),
        (timedelta(hours=26), "26 hours", "26 小时"),
        (timedelta(days=3), "3 days", "3 天"),
        (-timedelta(hours=26), "26 hours", "26 小时"),
    ):
        assert _fmt_delta(d) == en
        assert _fmt_delta(d, "zh") == zh


def test_sample_case_findings_all_have_chinese() -> None:
    result = run_audit(AuditOptions(case_dir=SAMPLE, now=NOW))
    findings = result.all_findings() + list(result.case.warnings)
    assert len(findings) >= 5
    for f in findings:
        assert_zh(f)


@pytest.fixture()
def edited_case(tmp_path: Path) -> Path:
    root = tmp_path / "case"
    root.mkdir()
    (root / "case.toml").write_text(
        '[case]\nplatform = "taobao"\norder_id = "1234567890"\nlanguage = "zh"\ncolour = "red"\n',
        encoding="utf-8",
    )
    write_jpeg(
        root / "product" / "edited.jpg",
        dto="2025:12:15 17:05:00",
        software="Adobe Photoshop 25.0 (Windows)",
        modify="2025:12:16 19:05:00",
    )
    write_jpeg(root / "product" / "good.jpg", dto="2025:12:15 17:02:33", offset="+08:00")
    (root / "product" / "copy.jpg").write_bytes((root / "product" / "good.jpg").read_bytes())
    write_jpeg(root / "loose.jpg", dto="2025:12:15 17:03:00", offset="+08:00")
    (root / "chat").mkdir()
    (root / "chat" / "video.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00")
    return root


def test_edit_and_duplicate_findings_in_chinese(edited_case: Path) -> None:
    result = run_audit(AuditOptions(case_dir=edited_case, now=NOW))
    by = {(f.code, f.path): f for f in result.all_findings()}
    ek106 = by["EK106", "product/edited.jpg"]
    assert "was saved by an editing program" in ek106.message  # English unchanged
    assert ek106.message_zh.startswith("product/edited.jpg 被编辑软件（Adobe Photoshop 25.0")
    assert "卖家可以说图片被修改过" in ek106.message_zh
    assert "原图" in ek106.remedy_zh
    ek107 = by["EK107", "product/edited.jpg"]
    assert "26 hours after it was taken" in ek107.message
    assert "在拍摄26小时后被修改过" in ek107.message_zh
    assert "EXIF最后保存时间2025-12-16 19:05" in ek107.message_zh
    ek111 = by["EK111", "product/copy.jpg"]
    assert "product/good.jpg" in ek111.message_zh and "逐字节一致" in ek111.message_zh
    assert "EK111" in {f.code for f in result.all_findings() if f.path == "product/good.jpg"}
    # scan findings (EK001 loose file, EK500 a damaged video) and case.toml warnings (EK202)
    assert {"EK001", "EK500"} <= {f.code for f in result.all_findings()}
    ek202 = next(f for f in result.case.warnings if f.code == "EK202")
    assert "第5行" in ek202.message_zh and "'colour'" in ek202.message_zh
    for f in result.all_findings() + list(result.case.warnings):
        assert_zh(f)


def test_cli_audit_lang_option(edited_case: Path) -> None:
    runner = CliRunner()
    args = ["audit", str(edited_case), "--at", "2025-12-20T10:00+08:00"]
    zh = runner.invoke(cli, [*args, "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert "提示" in zh.output and "拍摄时间" in zh.output
    assert "被编辑软件（Adobe Photoshop" in zh.output
    assert "was saved by an editing program" not in zh.output
    en = runner.invoke(cli, [*args, "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert "was saved by an editing program" in en.output and "Findings" in en.output
    assert "被编辑软件" not in en.output
    # default: the case language (zh here)
    default = runner.invoke(cli, args)
    assert "被编辑软件（Adobe Photoshop" in default.output


def test_timeline_findings_in_chinese() -> None:
    events = (
        event("ordered", "2025-12-01 10:00"),
        event("signed", "2025-12-03 16:30"),
        event("return_shipped", "2025-12-16 09:00", tracking="SF1111111111111"),
        event("closed", "2025-12-17 09:00"),
    )
    items = [
        photo("product/早拍特写.jpg", Category.PRODUCT, "2025-12-02 17:00", "特写"),
        photo("parcel/box.jpg", Category.PARCEL, "2025-12-02 17:00"),
        photo("listing/page.png", Category.LISTING, "2025-12-10 09:50"),
        photo("chat/old.png", Category.CHAT, "2025-11-20 09:50"),
        photo("chat/late.png", Category.CHAT, "2025-12-18 09:50"),
        photo("parcel/退货.jpg", Category.PARCEL, "2025-12-16 15:00", "退货面单 YT9999999999999"),
    ]
    cases = [
        Case(
            platform="taobao",
            claim="quality",
            buyer_type="business",
            refund_type="return_refund",
            events=events,
        ),
        Case(platform="taobao", claim="no_reason", buyer_type="business"),
        Case(
            platform="taobao",
            claim="damaged",
            refund_type="return_refund",
            events=(event("signed", "2025-12-01 10:00"),),
        ),
        Case(
            platform="taobao",
            claim="not_as_described",
            events=(event("signed", "2025-12-01 10:00"),),
        ),
        Case(
            platform="taobao",
            claim="quality",
            events=(
                event("signed", "2025-12-15 10:00"),
                event("refund_requested", "2025-12-18 10:00"),
            ),
        ),
    ]
    seen: set[str] = set()
    for case in cases:
        for f in timeline_findings(case, items if case.events is events else [], NOW):
            assert_zh(f)
            seen.add(f.code)
    expected = {"EK301", "EK302", "EK303", "EK304", "EK305", "EK306", "EK307", "EK310", "EK311"}
    expected |= {"EK312", "EK313", "EK314", "EK315", "EK316", "EK320", "EK340"}
    assert expected <= seen, sorted(expected - seen)
    assert seen & {"EK330", "EK331", "EK332", "EK333"}


def test_case_toml_warning_without_line(tmp_path: Path) -> None:
    (tmp_path / "case.toml").write_text('extra = 1\n[case]\nplatform = "jd"\n', encoding="utf-8")
    case = load_case(tmp_path)
    (w,) = case.warnings
    assert w.message == "case.toml: unknown table or key 'extra' is ignored"
    assert w.message_zh == "case.toml：未知的表或键 'extra'，已忽略"


def _meta_item(path: str, meta: ImageMeta, cat: Category = Category.PRODUCT) -> EvidenceItem:
    src = SourceFile(path, 100_000, 0.0, "image/jpeg", cat, "folder", True)
    return EvidenceItem(src, "0" * 64, meta)


def test_item_findings_in_chinese() -> None:
    from zoneinfo import ZoneInfo

    from evidencekit.audit.checks import items as checks
    from evidencekit.audit.timestamps import resolve
    from evidencekit.models import Gps, TimeClaim

    out: list[Finding] = []
    for meta in (
        ImageMeta(ExifState.UNREADABLE, error="cannot identify image file"),
        ImageMeta(ExifState.OK, "JPEG", 30000, 30000, too_many_pixels=True, truncated=True),
        ImageMeta(ExifState.CORRUPT, "JPEG", orientation=0, error="bad IFD"),
        ImageMeta(ExifState.OK, thumbnail_mismatch=True, gps=Gps(30.0, 120.0), has_serial=True),
        ImageMeta(ExifState.NONE, "JPEG"),
    ):
        it = _meta_item("product/照片 1.jpg", meta)
        out += checks.readability(it) + checks.edits(it) + checks.privacy_and_stripping(it)

    tz = ZoneInfo("Asia/Shanghai")

    def claim(source: str, local: str, off: int | None = None) -> TimeClaim:
        return TimeClaim(source, datetime.fromisoformat(local), off, local)

    for claims in (
        [claim("exif:DateTimeOriginal", "2026-06-01 10:00")],
        [claim("exif:DateTimeOriginal", "1989-01-01 10:00"), claim("mtime", "2025-12-15 10:00")],
        [],
        [claim("declared", "2025-12-15 10:00")],
        [
            claim("exif:DateTimeOriginal", "2025-12-15 10:00", 480),
            claim("gps", "2025-12-15 10:00", 0),
        ],
        [claim("exif:DateTimeOriginal", "2025-12-15 10:00"), claim("gps", "2025-12-14 02:00", 0)],
        [claim("exif:DateTimeOriginal", "2025-12-15 10:00"), claim("declared", "2025-12-16 10:00")],
        [
            TimeClaim(
                "filename:android-camera",
                datetime(2025, 12, 15),
                None,
                "IMG_20251215",
                precision="day",
            )
        ],
    ):
        res = resolve(claims, tz, NOW)
        it = _meta_item("product/IMG_1.jpg", ImageMeta(ExifState.OK, claims=tuple(claims)))
        out += checks.capture_time(EvidenceItem(it.source, it.sha256, it.meta, res.capture), res)

    expected = {"EK100", "EK007", "EK004", "EK113", "EK112", "EK108", "EK110", "EK115", "EK109"}
    expected |= {"EK103", "EK104", "EK101", "EK118", "EK105", "EK102", "EK116", "EK117", "EK119"}
    assert expected <= {f.code for f in out}, sorted(expected - {f.code for f in out})
    for f in out:
        assert_zh(f)
    ek103 = next(f for f in out if f.code == "EK103")
    assert "2026-06-01 10:00" in ek103.message_zh and "未来" in ek103.message_zh
    ek117 = next(f for f in out if f.code == "EK117")
    assert "时区" in ek117.message_zh
