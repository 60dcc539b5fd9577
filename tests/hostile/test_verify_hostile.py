"""verify on hostile input (issue 19): malformed manifests, pypdf's stream limits, padding,
sparse giants. Each ends in exit 6 ("not a valid dossier") or 5 with one plain sentence, in
bounded time, never a traceback."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from evidencekit.cli import cli
from evidencekit.errors import ExitCode, VerifyError
from evidencekit.integrity.verify import verify_dossier
from tests.util import built_sample

FP = "0" * 64


def _pdf_with_manifest(path: Path, manifest: bytes) -> Path:
    w = PdfWriter()
    w.add_blank_page(200, 200)
    w.add_attachment("manifest.json", manifest)
    buf = io.BytesIO()
    w.write(buf)
    path.write_bytes(buf.getvalue())
    return path


def _cli(pdf: Path) -> tuple[int, str]:
    res = CliRunner().invoke(cli, ["verify", str(pdf)])
    return res.exit_code, res.output


HOSTILE = {
    "files_a_string": {"fingerprint": FP, "files": "product/a.jpg"},
    "entry_without_path": {"fingerprint": FP, "files": [{"sha256": FP}]},
    "fingerprint_a_number": {"fingerprint": 5, "files": []},
    "entry_a_list": {"fingerprint": FP, "files": [[1, 2]]},
    "embedded_a_string": {
        "fingerprint": FP,
        "files": [{"path": "a.jpg", "sha256": FP, "embedded": "x"}],
    },
    "skipped_numbers": {"fingerprint": FP, "files": [], "skipped": [1, 2]},
    "case_file_a_string": {"fingerprint": FP, "files": [], "case_file": "case.toml"},
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_manifest_is_not_a_valid_dossier(name: str, tmp_path: Path) -> None:
    pdf = _pdf_with_manifest(tmp_path / "h.pdf", json.dumps(HOSTILE[name]).encode())
    code, out = _cli(pdf)
    assert code == ExitCode.NOT_A_DOSSIER, out
    assert "is not a valid dossier: its evidencekit manifest is malformed" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("raw", [b"[" * 100_000 + b"]" * 100_000, b"{" * 100_000, b"\xff\xfe"])
def test_unparsable_manifest(raw: bytes, tmp_path: Path) -> None:
    pdf = _pdf_with_manifest(tmp_path / "deep.pdf", raw)
    code, out = _cli(pdf)
    assert code == ExitCode.NOT_A_DOSSIER and "not readable JSON" in out, out


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
        max_leaves=20,
    )
)
def test_any_json_manifest_is_exit_5_or_6(tmp_path: Path, value: object) -> None:
    """Whatever JSON the manifest holds: a verdict or "not a valid dossier", no crash."""
    doc = {"fingerprint": FP, "files": value} if not isinstance(value, dict) else value
    pdf = _pdf_with_manifest(tmp_path / "any.pdf", json.dumps(doc).encode())
    code, out = _cli(pdf)
    assert code in (ExitCode.VERIFY_FAILED, ExitCode.NOT_A_DOSSIER), out
    assert "Traceback" not in out and "internal error" not in out


def test_stream_over_pypdf_limits(tmp_path: Path) -> None:
    """A manifest stream that inflates to 300 MB (a zip bomb): pypdf >= 7 stops at its
    limit (LimitReachedError); verify says one sentence, in bounded time and memory."""
    w = PdfWriter()
    w.add_blank_page(200, 200)
    w.add_attachment("manifest.json", b"{}")
    bomb = zlib.compress(b"\0" * (300 << 20), 9)
    for obj in w._objects:
        if isinstance(obj, DecodedStreamObject) and obj.get("/Type") == "/EmbeddedFile":
            obj.set_data(b"")
            obj._data = bomb
            obj[NameObject("/Filter")] = NameObject("/FlateDecode")
    pdf = tmp_path / "bomb.pdf"
    with open(pdf, "wb") as f:
        w.write(f)
    t = time.perf_counter()
    with pytest.raises(VerifyError) as info:
        verify_dossier(pdf)
    assert time.perf_counter() - t < 10
    assert info.value.exit_code == ExitCode.NOT_A_DOSSIER
    assert "is not a valid dossier" in info.value.message


@pytest.mark.parametrize("header", [b"", b"%PDF-1.4\n", b"\xff\xd8\xff\xe0"])
def test_2gb_sparse_file_is_bounded(header: bytes, tmp_path: Path) -> None:
    """2 GB of holes (with a PDF or a JPEG header, or none): exit 6 within ~10 s and
    ~500 MB, measured in a child process so its peak RSS is the verify's own."""
    big = tmp_path / "sparse.pdf"
    with open(big, "wb") as f:
        f.write(header)
        f.truncate(2 << 30)
    code = (
        "import sys, time\n"
        "from click.testing import CliRunner\n"
        "from evidencekit.cli import cli\n"
        "t = time.perf_counter()\n"
        f"r = CliRunner().invoke(cli, ['verify', {str(big)!r}])\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss across fork+exec, so a child of a
        # 500 MB pytest worker would report the worker's peak (CI saw exactly that).
        "rss = int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]) // 1024\n"
        "print(r.exit_code, round(time.perf_counter() - t, 2), rss, r.output.strip()[:300])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    exit_code, seconds, rss_mb, message = out.split(" ", 3)
    assert int(exit_code) == ExitCode.NOT_A_DOSSIER, out
    assert float(seconds) < 10 and int(rss_mb) < 500, out
    assert "is not a valid dossier" in message


def test_sealed_dossier_with_2gb_appended_is_too_large_to_check(tmp_path: Path) -> None:
    """A real seal followed by 2 GB of holes: the tail is not scanned past its cap."""
    case, out = built_sample(tmp_path)
    size = out.stat().st_size
    with open(out, "r+b") as f:
        f.truncate(size + (2 << 30))
    t = time.perf_counter()
    rep = verify_dossier(out)
    assert time.perf_counter() - t < 10
    appended = next(c for c in rep.checks if c.name == "appended")
    assert not rep.ok and "too large to check" in appended.detail
