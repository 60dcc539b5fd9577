"""splice: placeholders replaced by file contents, with /Length and xref offsets rewritten."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject

from evidencekit import splice


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
