from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from evidencekit import __version__
from evidencekit.cli import cli
from tests.util import write_jpeg

CASE_TOML = """
[case]
platform = "taobao"
order_id = "1234567890"
timezone = "Asia/Shanghai"
claim = "quality"
[[event]]
kind = "delivered"
at = "2025-12-15 16:30"
[[file]]
path = "product/declared.jpg"
taken_at = "2025-12-15 18:00"
"""


def make_case(root: Path) -> Path:
    (root).mkdir(parents=True, exist_ok=True)
    (root / "case.toml").write_text(CASE_TOML, encoding="utf-8")
    write_jpeg(
        root / "product" / "IMG_20251215_170233.jpg", dto="2025:12:15 17:02:33", offset="+08:00"
    )
    write_jpeg(
        root / "product" / "edited.jpg",
        dto="2025:12:15 17:05:00",
        software="Adobe Photoshop 25.0 (Windows)",
        modify="2025:12:16 09:00:00",
    )
    write_jpeg(root / "product" / "declared.jpg")
    (root / "product" / "copy.jpg").write_bytes(
        (root / "product" / "IMG_20251215_170233.jpg").read_bytes()
    )
    (root / "parcel").mkdir()
    (root / "parcel" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0garbage" + bytes(range(256)) * 8)
    (root / "chat").mkdir()
    (root / "chat" / "video.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00")
    return root


def run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(cli, list(args))
    return res.exit_code, res.output


def test_audit_json_fields_and_findings(tmp_path: Path) -> None:
    case = make_case(tmp_path / "case")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in case.rglob("*") if p.is_file()}
    code, out = run("audit", str(case), "--json", "--at", "2025-12-20T10:00+08:00")
    assert code == 0, out
    doc = json.loads(out)
    items = {it["path"]: it for it in doc["items"]}
    assert set(items) == {
        "chat/video.mp4",
        "parcel/broken.jpg",
        "product/IMG_20251215_170233.jpg",
        "product/copy.jpg",
        "product/declared.jpg",
        "product/edited.jpg",
    }
    good = items["product/IMG_20251215_170233.jpg"]
    assert good["captured_at"] == "2025-12-15T17:02:33+08:00"
    assert good["captured_at_source"] == "exif:DateTimeOriginal"
    assert good["confidence"] == "high" and good["offset_assumed"] is False
    assert good["media_type"] == "image/jpeg" and len(good["sha256"]) == 64

    def codes(p: str) -> set[str]:
        return {f["code"] for f in items[p]["findings"]}

    assert {"EK106", "EK107", "EK105"} <= codes("product/edited.jpg")
    assert items["product/edited.jpg"]["offset_assumed"] is True
    assert "EK111" in codes("product/copy.jpg") and "EK111" in codes(
        "product/IMG_20251215_170233.jpg"
    )
    assert "EK100" in codes("parcel/broken.jpg")
    assert "EK500" in codes("chat/video.mp4")  # a header and nothing else: damaged
    dec = items["product/declared.jpg"]
    assert dec["captured_at_source"] == "declared" and dec["confidence"] == "low"
    assert dec["captured_at"] == "2025-12-15T18:00:00+08:00"
    # nothing in the case folder changed
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in case.rglob("*") if p.is_file()}
    assert after == before


def test_strict_exit_code(tmp_path: Path) -> None:
    case = make_case(tmp_path / "case")
    assert run("audit", str(case), "--strict")[0] == 1
    assert run("audit", str(case))[0] == 0


def test_human_report_lists_files_and_explains(tmp_path: Path) -> None:
    case = make_case(tmp_path / "case")
    code, out = run("audit", str(case))
    assert code == 0
    assert "product/edited.jpg" in out and "EK106" in out
    assert "Adobe Photoshop" in out and "->" in out


def test_bad_case_toml_is_exit_3_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "case.toml").write_text('[case]\nclaim = "refund"\n', encoding="utf-8")
    code, out = run("audit", str(tmp_path))
    assert code == 3
    assert "line 2" in out and "Traceback" not in out


def test_missing_folder_is_exit_3(tmp_path: Path) -> None:
    assert run("audit", str(tmp_path / "nope"))[0] == 3


def test_init_then_audit(tmp_path: Path) -> None:
    code, out = run("init", str(tmp_path / "new"))
    assert code == 0 and "case.toml" in out
    assert run("init", str(tmp_path / "new"))[0] == 3  # refuses to overwrite


def test_version_and_module_entry() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "evidencekit", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert __version__ in out.stdout
    for cmd in ("init", "audit"):
        code, text = run(cmd, "--help")
        assert code == 0 and "Usage" in text


def test_letter_command_uses_exhibit_numbers(tmp_path: Path) -> None:
    case = make_case(tmp_path / "case")
    code, out = run(
        "letter", str(case), "--to", "seller", "--lang", "en", "--at", "2025-12-20T10:00+08:00"
    )
    assert code == 0, out
    assert "Order" in out and "1234567890" in out
    assert "E-01" in out  # exhibits referred to by number
    code, out = run("letter", str(case), "--json", "--at", "2025-12-20T10:00+08:00")
    doc = json.loads(out)
    assert set(doc) == {"seller", "platform"}


def test_build_several_cases_in_parallel(tmp_path: Path) -> None:
    good_a = make_case(tmp_path / "a")
    good_b = make_case(tmp_path / "b")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "case.toml").write_text('[case]\nclaim = "refund"\n', encoding="utf-8")
    res = CliRunner().invoke(cli, ["build", str(good_a), str(bad), str(good_b)])
    assert res.exit_code == 3, res.output  # the bad case's code; the others still built
    assert (good_a / "dossier" / "1234567890-evidence.pdf").is_file()
    assert (good_b / "dossier" / "1234567890-evidence.pdf").is_file()
    assert "bad" in res.output and "line 2" in res.output
