"""splice: placeholders replaced by file contents, with /Length and xref offsets rewritten."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject

from evidencekit.dossier import splice


def _pdf_with_placeholders(keys: list[str]) -> bytes:
    w = PdfWriter()
    page = w.add_blank_page(200, 200)
    xobjs = DictionaryObject()
    for i, key in enumerate(keys):
        st = DecodedStreamObject()
        st.set_data(splice.token(key))
        st[NameObject("/Type")] = NameObject("/XObject")
        st[NameObject("/Subtype")] = NameObject("/Image")
        st[NameObject("/Width")] = NumberObject(1)
        st[NameObject("/Height")] = NumberObject(1)
        st[NameObject("/ColorSpace")] = NameObject("/DeviceGray")
        st[NameObject("/BitsPerComponent")] = NumberObject(8)
        xobjs[NameObject(f"/Im{i}")] = w._add_object(st)
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjs})
    w.add_attachment("a.bin", splice.token(keys[0]))
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_splice_replaces_streams_and_keeps_pdf_valid(tmp_path: Path) -> None:
    keys = ["a" * 32, "b" * 32]
    files = {keys[0]: tmp_path / "one.bin", keys[1]: tmp_path / "two.bin"}
    files[keys[0]].write_bytes(bytes(range(256)) * 5000)  # 1.28 MB
    files[keys[1]].write_bytes(b"x")
    pdf = _pdf_with_placeholders(keys)
    out = tmp_path / "out.pdf"
    with open(out, "wb") as f:
        n = splice.write(pdf, files, f)
    assert n == out.stat().st_size == splice.final_size(pdf, files)
    r = PdfReader(str(out))
    xo = r.pages[0]["/Resources"]["/XObject"]
    assert xo["/Im0"].get_object().get_data() == files[keys[0]].read_bytes()
    assert xo["/Im1"].get_object().get_data() == b"x"
    assert r.attachments["a.bin"][0] == files[keys[0]].read_bytes()
    if shutil.which("qpdf"):
        res = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
        assert res.returncode == 0, res.stdout + res.stderr


@pytest.mark.parametrize("mode", ["w+b", "wb"])
def test_a_file_held_twice_is_read_once_when_the_output_is_readable(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The archive holds each JPEG as exhibit and as attachment: the second copy comes from
    the output itself (copy_file_range); a write-only output falls back to reading again."""
    key = "d" * 32
    src = tmp_path / "photo.jpg"
    src.write_bytes(bytes(range(251)) * 9000)
    reads: list[Path] = []
    real_copy = splice._copy

    def counting(path: Path, *args: object) -> object:
        reads.append(path)
        return real_copy(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(splice, "_copy", counting)
    pdf = _pdf_with_placeholders([key])
    out = tmp_path / "out.pdf"
    with open(out, mode) as f:
        n = splice.write(pdf, {key: src}, f, {key: hashlib.sha256(src.read_bytes()).hexdigest()})
    assert n == out.stat().st_size == splice.final_size(pdf, {key: src})
    r = PdfReader(str(out))
    assert r.pages[0]["/Resources"]["/XObject"]["/Im0"].get_object().get_data() == src.read_bytes()
    assert r.attachments["a.bin"][0] == src.read_bytes()
    expected_reads = 1 if mode == "w+b" and hasattr(os, "copy_file_range") else 2
    assert reads == [src] * expected_reads


def test_no_placeholder_is_a_plain_copy(tmp_path: Path) -> None:
    pdf = _pdf_with_placeholders(["c" * 32])
    buf = io.BytesIO()
    with pytest.raises(splice.SpliceError):
        splice.write(pdf, {}, buf)  # a token without a source is an error, never a silent leftover
    plain = PdfWriter()
    plain.add_blank_page(10, 10)
    b = io.BytesIO()
    plain.write(b)
    out = io.BytesIO()
    splice.write(b.getvalue(), {}, out)
    assert out.getvalue() == b.getvalue()


def _attachment_pdf(key: str) -> bytes:
    from pypdf.generic import ByteStringObject

    w = PdfWriter()
    w.add_blank_page(200, 200)
    ef = w.add_attachment("a.bin", splice.token(key))
    stream = ef.pdf_object["/EF"]["/F"].get_object()
    params = DictionaryObject()
    params[NameObject("/Size")] = NumberObject(0)
    params[NameObject("/CheckSum")] = ByteStringObject(bytes.fromhex(key))
    stream[NameObject("/Params")] = params
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_checksum_placeholder_is_patched_with_the_md5(tmp_path: Path) -> None:
    import hashlib

    key = "c" * 32
    src = tmp_path / "orig.jpg"
    src.write_bytes(b"\xff\xd8" + bytes(range(256)) * 3000 + b"\xff\xd9")
    out = tmp_path / "out.pdf"
    with open(out, "wb") as f:
        splice.write(
            _attachment_pdf(key), {key: src}, f, {key: hashlib.sha256(src.read_bytes()).hexdigest()}
        )
    r = PdfReader(str(out))
    names = r.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    stream = names[1].get_object()["/EF"]["/F"].get_object()
    assert stream.get_data() == src.read_bytes()
    assert stream["/Params"]["/CheckSum"].original_bytes == hashlib.md5(src.read_bytes()).digest()
    assert key.encode() not in out.read_bytes()  # no placeholder left anywhere
    if shutil.which("qpdf"):
        assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode == 0


def test_a_file_that_changed_since_the_audit_stops_the_splice(tmp_path: Path) -> None:
    key = "d" * 32
    src = tmp_path / "orig.jpg"
    src.write_bytes(b"edited after the audit")
    with open(tmp_path / "out.pdf", "wb") as f, pytest.raises(splice.SourceChanged) as err:
        splice.write(_attachment_pdf(key), {key: src}, f, {key: "0" * 64})
    assert err.value.path == src


@pytest.mark.parametrize("profile", ["archive", "standard", "paypal"])
def test_build_stops_when_an_original_changes_after_the_audit(
    tmp_path: Path, profile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The archive build reads each original once, while splicing it in; a file edited between
    the audit and that moment stops the build with an error naming it, and nothing is written."""
    from evidencekit.audit.pipeline import run_audit
    from evidencekit.errors import OutputError
    from evidencekit.options import AuditOptions, BuildOptions
    from evidencekit.testing import imagegen
    from tests.util import build_dossier

    monkeypatch.setenv("EVIDENCEKIT_CACHE", "0")  # a cached image of the audited bytes is fine
    case = tmp_path / "case"
    imagegen.camera_jpeg(case / "product" / "IMG_20251215_170233.jpg")
    victim = imagegen.camera_jpeg(
        case / "product" / "IMG_20251215_170300.jpg", taken="2025-12-15 17:03:00"
    )
    opts = BuildOptions(AuditOptions(case_dir=case, jobs=1), tmp_path / "out.pdf", profile=profile)
    result = run_audit(opts.audit)
    victim.write_bytes(victim.read_bytes() + b"edited")
    with pytest.raises(OutputError) as err:
        build_dossier(result, case, opts)
    assert "IMG_20251215_170300.jpg changed" in str(err.value)
    assert not (tmp_path / "out.pdf").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["case"]  # no temp file left either
