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


def test_readme_python_examples_run(tmp_path, monkeypatch) -> None:
    """Every ```python block of the README runs as written, from a copy of the repository root."""
    import contextlib
    import io
    import shutil

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert blocks, "the README has no Python example"
    shutil.copytree(REPO / "samples", tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    for code in blocks:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
        assert "files," in out.getvalue() and "pages, fingerprint" in out.getvalue()
    assert (tmp_path / "sample-evidence.pdf").read_bytes().startswith(b"%PDF-")
