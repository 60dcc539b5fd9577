"""Nothing leaked: GPS is neither printed nor left in embedded JPEGs unless asked for."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from evidencekit.cli import cli
from tests.util import copy_sample

GPS_FILE = "product/IMG_20251215_171020.jpg"


def _build(case: Path, out: Path, *flags: str) -> PdfReader:
    res = CliRunner().invoke(cli, ["build", str(case), "-o", str(out), *flags])
    assert res.exit_code == 0, res.output
    return PdfReader(str(out))


def _streams(reader: PdfReader) -> list[bytes]:
    out = []
    for page in reader.pages:
        for ref in page["/Resources"].get("/XObject", {}).values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                out.append(obj._data)
    return out


def test_gps_not_printed_nor_embedded_by_default(tmp_path: Path) -> None:
    case = copy_sample(tmp_path / "case")
    from evidencekit.audit.metadata import read_metadata

    assert read_metadata(case / GPS_FILE, "image/jpeg").gps is not None  # the sample has GPS
    reader = _build(case, tmp_path / "d.pdf")
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert not re.search(r"GPS \d", text)
    assert not re.search(r"30\.2\d{3}", text)  # the sample's latitude
    jpegs = [s for s in _streams(reader) if s[:2] == b"\xff\xd8"]
    assert jpegs and all(b"Exif\x00\x00" not in s[:70000] for s in jpegs)
    # the audit still reports that the position exists
    res = CliRunner().invoke(cli, ["audit", str(case), "--json"])
    assert '"EK110"' in res.output


def test_show_location_and_keep_metadata_opt_in(tmp_path: Path) -> None:
    case = copy_sample(tmp_path / "case")
    reader = _build(case, tmp_path / "d.pdf", "--show-location", "--keep-metadata")
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert re.search(r"GPS \d+\.\d{5}, \d+\.\d{5}", text)
    assert any(b"Exif\x00\x00" in s[:70000] for s in _streams(reader))


def test_no_local_paths_user_or_host_names(tmp_path: Path) -> None:
    import getpass
    import socket

    case = copy_sample(tmp_path / "secret-folder-name" / "case")
    out = tmp_path / "d.pdf"
    reader = _build(case, out, "--attach-originals")
    data = out.read_bytes()
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    info = " ".join(str(v) for v in (reader.metadata or {}).values())
    needles = [str(tmp_path), "secret-folder-name"]
    # Short names ("vm", "root") occur by chance in compressed data; test the distinctive ones.
    needles += [n for n in (socket.gethostname(), getpass.getuser()) if len(n) >= 6]
    for needle in needles:
        assert needle.encode() not in data, needle
        assert needle not in text and needle not in info, needle
