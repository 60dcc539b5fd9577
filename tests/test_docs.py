"""Every finding code the source can emit is documented (docs/findings*.md)."""

from __future__ import annotations

import re

from tests.conftest import REPO


def test_every_code_is_documented() -> None:
    src = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src").rglob("*.py"))
    used = set(re.findall(r"\"(EK\d{3})\"", src))
    docs = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "docs").glob("findings*.md"))
    documented = set(re.findall(r"^\| (EK\d{3}) \|", docs, re.MULTILINE))
    assert used, "no codes found in the source"
    assert used <= documented, f"undocumented: {sorted(used - documented)}"
