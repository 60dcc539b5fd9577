"""File names in any Unicode normalisation, with spaces, emoji, or very long, survive every stage."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from click.testing import CliRunner

from evidencekit.cli import cli
from evidencekit.verify import verify_dossier
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
