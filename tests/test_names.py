"""File names in any Unicode normalisation, with spaces, emoji, or very long, survive every stage."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from click.testing import CliRunner

from evidencekit.cli import cli
from evidencekit.integrity.verify import verify_dossier
from tests.util import write_jpeg

NAMES = [
    unicodedata.normalize("NFD", "划痕特写 é.jpg"),  # macOS stores decomposed names
    "商品 photo with spaces (1).jpg",
    "😀 emoji 📦.jpg",
    "long_" + "长" * 60 + ".jpg",  # 185 bytes in UTF-8, under the 255-byte limit
]


def test_odd_names_audit_build_verify(tmp_path: Path) -> None:
    case = tmp_path / "case"
    for i, name in enumerate(NAMES):
        write_jpeg(case / "product" / name, dto=f"2025:12:15 17:0{i}:00", offset="+08:00")
    res = CliRunner().invoke(cli, ["audit", str(case), "--json"])
    assert res.exit_code == 0, res.output
    paths = {it["path"] for it in json.loads(res.output)["items"]}
    assert paths == {"product/" + unicodedata.normalize("NFC", n) for n in NAMES}
    out = tmp_path / "d.pdf"
    res = CliRunner().invoke(cli, ["build", str(case), "-o", str(out), "--attach-originals"])
    assert res.exit_code == 0, res.output
    rep = verify_dossier(out, case)
    assert rep.ok, [c for c in rep.checks if not c.ok]
    assert sum(c.name.startswith("attachment:") for c in rep.checks) == len(NAMES)


def test_names_that_are_not_utf8_are_reported_and_the_rest_builds(tmp_path: Path) -> None:
    """A ZIP made on Chinese Windows unzips to GBK bytes on Linux: such a name cannot go into
    a PDF, JSON or terminal. It is left out with EK008 (showing its GB18030 reading), not a
    traceback; a case folder with such a name still builds."""
    case = tmp_path / "case"
    write_jpeg(case / "product" / "ok.jpg", dto="2025:12:15 17:00:00", offset="+08:00")
    src = write_jpeg(tmp_path / "src.jpg", dto="2025:12:15 17:01:00", offset="+08:00")
    with open(bytes(case / "product") + b"/" + "划痕特写.jpg".encode("gbk"), "wb") as f:
        f.write(src.read_bytes())
    res = CliRunner().invoke(cli, ["audit", str(case), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert [it["path"] for it in data["items"]] == ["product/ok.jpg"]
    ek008 = [f for f in data["findings"] if f["code"] == "EK008"]
    assert len(ek008) == 1
    assert "划痕特写.jpg" in ek008[0]["message"]  # the name it would have as GBK
    assert "\\xbb\\xae" in ek008[0]["path"]  # the bytes as they are, escaped
    out = tmp_path / "d.pdf"
    res = CliRunner().invoke(cli, ["build", str(case), "-o", str(out), "--attach-originals"])
    assert res.exit_code == 0, res.output
    assert verify_dossier(out, case).ok
    odd_root = Path(str(tmp_path) + "/case\udcff")  # b"case\xff" on disk (PEP 383)
    case.rename(odd_root)
    res = CliRunner().invoke(cli, ["build", str(odd_root), "-o", str(out)])
    assert res.exit_code == 0, res.output


def test_a_case_file_named_like_the_manifest_does_not_hide_it(tmp_path: Path) -> None:
    """The manifest is attached as manifest.json; a case file of that name is attached as
    ./manifest.json, and verify checks both (before, the case file shadowed the manifest)."""
    case = tmp_path / "case"
    write_jpeg(case / "product" / "p.jpg", dto="2025:12:15 17:00:00", offset="+08:00")
    (case / "manifest.json").write_text('{"mine": true}')
    out = tmp_path / "d.pdf"
    res = CliRunner().invoke(cli, ["build", str(case), "-o", str(out), "--profile", "archive"])
    assert res.exit_code == 0, res.output
    rep = verify_dossier(out, case)
    assert rep.ok, [c for c in rep.checks if not c.ok]
    assert any(c.name == "attachment:manifest.json" and c.ok for c in rep.checks)
