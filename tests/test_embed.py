"""Attachments and /ID written by reportlab as it saves (render/embed.py), read back by pypdf."""

from __future__ import annotations

import io
from datetime import datetime

from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from evidencekit.dossier.render.embed import add_to, finish_id, name, text
from evidencekit.dossier.render.model import Attachment, DocInfo

INFO = DocInfo(
    "标题 Title", "订单 123", "k1, k2", "evidencekit test", datetime(2026, 1, 2, 3, 4, 5)
)


def _pdf(atts: list[Attachment], info: DocInfo = INFO) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)
    c.drawString(10, 10, "page")
    c.showPage()
    add_to(c._doc, atts, info)
    c.save()
    return finish_id(buf.getvalue())


def test_text_and_name_syntax() -> None:
    assert text("a(b)\\c") == b"(a\\(b\\)\\\\c)"
    assert text("图") == b"<feff" + "图".encode("utf-16-be").hex().encode() + b">"
    assert name("image/png") == b"/image#2fpng"
    assert name("Source") == b"/Source"


def test_attachments_info_and_id_read_back() -> None:
    atts = [
        Attachment("zeta.json", b"{}", "application/json", "manifest", "Data"),
        Attachment("照片/图1.jpg", b"\xff\xd8jpeg", "image/jpeg", "E-01 SHA-256 ab"),
        Attachment("alpha (1).png", b"png", "image/png", "E-02"),
    ]
    pdf = _pdf(atts)
    reader = PdfReader(io.BytesIO(pdf))
    got = {ef.alternative_name or ef.name: bytes(ef.content) for ef in reader.attachment_list}
    assert got == {a.name: a.data for a in atts}
    tree = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    keys = [tree[i] for i in range(0, len(tree), 2)]
    raw = [k.original_bytes if hasattr(k, "original_bytes") else k.encode() for k in keys]
    assert raw == sorted(raw)  # name tree keys in byte order (ISO 32000-1 §7.9.6)
    spec = tree[keys.index("照片/图1.jpg") * 2 + 1].get_object()
    assert spec["/F"] == "__/_1.jpg"  # portable ASCII name
    assert spec["/AFRelationship"] == "/Source"
    stream = spec["/EF"]["/F"].get_object()
    assert stream["/Params"]["/Size"] == 6
    assert stream["/Subtype"] == "/image/jpeg"
    meta = reader.metadata
    assert meta is not None
    assert meta["/Title"] == "标题 Title"
    assert meta["/CreationDate"] == "D:20260102030405+00'00'"
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    ident = reader.trailer["/ID"]
    assert ident[0] == ident[1] and len(ident[0]) == 16


def test_id_follows_content_and_is_reproducible() -> None:
    a = [Attachment("m.json", b"{1}", "application/json", "m", "Data")]
    b = [Attachment("m.json", b"{2}", "application/json", "m", "Data")]
    assert _pdf(a) == _pdf(a)
    ida = PdfReader(io.BytesIO(_pdf(a))).trailer["/ID"][0]
    idb = PdfReader(io.BytesIO(_pdf(b))).trailer["/ID"][0]
    assert ida != idb


def test_placeholder_md5_and_size_are_written_as_given() -> None:
    """splice.py finds ``/CheckSum <key>`` and the stream's direct /Length (see splice._cuts)."""
    key = "0123456789abcdef0123456789abcdef"
    token = b"%EKSPLICE:" + key.encode() + b"%"
    att = Attachment("big.jpg", token, "image/jpeg", "E-03", size=123456, md5=bytes.fromhex(key))
    pdf = _pdf([att])
    assert b"/CheckSum <" + key.encode() + b">" in pdf
    assert b"/Size 123456" in pdf
    assert b"/Length %d\n>>\nstream\n%s\nendstream" % (len(token), token) in pdf
