from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from evidencekit.case.folders import folder_category
from evidencekit.case.scan import scan, scan_findings, sniff
from evidencekit.models import Case, Category
from tests.util import write_jpeg


def test_sniff_magic_bytes() -> None:
    assert sniff(b"\xff\xd8\xff\xe1") == "image/jpeg"
    assert sniff(b"\x89PNG\r\n\x1a\n") == "image/png"
    assert sniff(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic") == "image/heic"
    assert sniff(b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1") == "image/heif"
    assert sniff(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00") == "video/mp4"
    assert sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff(b"%PDF-1.7") == "application/pdf"
    assert sniff(b"hello") == "application/octet-stream"


def test_scan_categories_aliases_clutter_and_output(tmp_path: Path) -> None:
    write_jpeg(tmp_path / "product" / "a.jpg")
    write_jpeg(tmp_path / "聊天记录" / "b.jpg")
    write_jpeg(tmp_path / "面单" / "c.jpg")
    write_jpeg(tmp_path / "loose.jpg")
    write_jpeg(tmp_path / "dossier" / "old.jpg")  # outputs are never evidence
    (tmp_path / ".DS_Store").write_bytes(b"x")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "a.jpg").write_bytes(b"x")
    (tmp_path / "product" / "Thumbs.db").write_bytes(b"x")
    res = scan(tmp_path, Case())
    got = {sf.path: sf.category for sf, _ in res.files}
    assert got == {
        "loose.jpg": Category.OTHER,
        "product/a.jpg": Category.PRODUCT,
        "聊天记录/b.jpg": Category.CHAT,
        "面单/c.jpg": Category.PARCEL,
    }
    loose = next(sf for sf, _ in res.files if sf.path == "loose.jpg")
    assert [f.code for f in scan_findings(loose)] == ["EK001"]


def test_lying_extension_is_a_finding(tmp_path: Path) -> None:
    write_jpeg(tmp_path / "product" / "x.jpg").rename(tmp_path / "product" / "x.heic")
    ((sf, _),) = scan(tmp_path, Case()).files
    assert sf.media_type == "image/jpeg" and sf.is_image
    assert [f.code for f in scan_findings(sf)] == ["EK005"]


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_symlinks_stay_inside_and_loops_end(tmp_path: Path) -> None:
    case = tmp_path / "case"
    outside = write_jpeg(tmp_path / "secret.jpg")
    write_jpeg(case / "product" / "a.jpg")
    (case / "product" / "link.jpg").symlink_to(outside)
    (case / "product" / "loop").symlink_to(case / "product")
    os.mkfifo(case / "product" / "fifo")
    res = scan(case, Case())
    assert [sf.path for sf, _ in res.files] == ["product/a.jpg"]
    assert [f.code for f in res.findings] == ["EK009", "EK006"]  # the FIFO is named, not opened


def test_order_is_stable(tmp_path: Path) -> None:
    for name in ("b.jpg", "a.jpg", "C.jpg"):
        write_jpeg(tmp_path / "chat" / name)
    paths = [sf.path for sf, _ in scan(tmp_path, Case()).files]
    assert paths == sorted(paths)


def _readme_folder_names() -> dict[str, Category]:
    """Every folder name the README's case-folder table lists, with its category."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## The case folder", 1)[1].split("```", 2)[1]
    out: dict[str, Category] = {}
    for line in block.splitlines():
        m = re.match(r"\s+(\w+)/\s.*\(([^)]*)\)\s*$", line)
        if m and m.group(1) != "dossier":
            for name in [m.group(1), *m.group(2).split()]:
                out[name] = Category(m.group(1))
    return out


def test_every_documented_folder_name_is_recognised(tmp_path: Path) -> None:
    names = _readme_folder_names()
    assert {"快递面单", "面单", "物流", "快递", "运单", "物流信息"} <= set(names)
    variants = {
        "快遞": Category.PARCEL,
        "面單": Category.PARCEL,
        "Parcel": Category.PARCEL,
        "02_面单": Category.PARCEL,
        "3-快递面单": Category.PARCEL,
        "(4)物流": Category.PARCEL,
        "包裹照片": Category.PARCEL,
        "物流截图": Category.PARCEL,
        "快递面单 ": Category.PARCEL,
        "一、商品": Category.PRODUCT,
        "詳情頁": Category.LISTING,
        "聊天記錄": Category.CHAT,
        "商品截图": Category.LISTING,
    }
    for i, name in enumerate([*names, *variants]):
        write_jpeg(tmp_path / name / f"{i}.jpg")
    got = {sf.path.split("/")[0]: sf.category for sf, _ in scan(tmp_path, Case()).files}
    want = {unicodedata.normalize("NFC", k): v for k, v in (names | variants).items()}
    assert got == want
    res = scan(tmp_path, Case())
    assert all(sf.category_source == "folder" for sf, _ in res.files)
    assert folder_category("照片") is None and folder_category("misc") is None
