"""The seal's part digests: a canonical digest of each page and of each of ``seal.DOC_PARTS``,
the same across re-saves that renumber or recompress objects, bounded against crafted graphs."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, cast

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from evidencekit.dossier import seal
from evidencekit.dossier.pdfwindow import Window
from evidencekit.dossier.postprocess.read import PDF_ERRORS, unreadable

_SKIP = frozenset({"/Parent", "/P", "/Prev", "/Last", "/Length", "/Filter", "/DecodeParms"})
"""Keys left out of a part's digest: back-pointers (cycles), and a stream's encoding (a
re-save may recompress; the decoded data is what is digested)."""
MAX_NODES = 2_000_000
"""Objects visited for all digests together: a bound against crafted object graphs. A shared
object (a font, an image, a page's resources) is walked once and then counts 1 per use."""
MAX_DEPTH = 100
MAX_REPLAY = 1 << 30
"""Bytes of memoised digest input fed again (and held): a DAG that shares an object at every
level is walked once per object, but its canonical form still doubles per level."""


class _Digester:
    """Canonical digests of PDF objects: dictionaries by sorted key, references resolved
    (so renumbering by a re-save does not matter), streams by their decoded data.

    Each indirect object's digest is memoised (by object number) once its walk met no cycle:
    such a walk does not depend on the path it was reached by, so reusing it gives the bytes
    a fresh walk gives (sealed dossiers verify as before). An object whose walk met a cycle is
    walked again at each use, as it always was; ``nodes`` counts those walks too."""

    def __init__(self, pages: dict[int, int] | None = None) -> None:
        self.nodes = 0
        self._streams: dict[int, bytes] = {}
        self._memo: dict[int, tuple[bytes, int]] = {}
        """Object number -> (digest input of its walk, its height): cycle-free walks only."""
        self._cycles = 0
        """Cycles met so far (a walk that adds none is cycle-free)."""
        self._height = 0
        self.replayed = 0
        self._pages = pages or {}
        """Object number -> page index: a link to a page (an outline's /Dest) is digested
        as "page N", not as that page's content (which has its own digest)."""

    def _count(self, depth: int) -> None:
        self.nodes += 1
        self._height = max(self._height, depth)
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise ValueError("the document's object graph is too large to check")

    def feed(self, h: Any, obj: Any, path: frozenset[int] = frozenset(), depth: int = 0) -> None:
        self._count(depth)
        if isinstance(obj, IndirectObject):
            if obj.idnum in path:  # a cycle: name it, do not follow it
                self._cycles += 1
                h.update(b"@cycle;")
                return
            if obj.idnum in self._pages:
                h.update(b"@page%d;" % self._pages[obj.idnum])
                return
            ref = obj.idnum
            if ref in self._memo:
                data, height = self._memo[ref]
                self._count(depth + height)  # as deep as a fresh walk goes (same limit)
                self._replay(h, data)
                return
            path = path | {ref}
            obj = obj.get_object()
            if isinstance(obj, StreamObject) and ref in self._streams:
                h.update(self._streams[ref])
                return
            if isinstance(obj, StreamObject):
                sub = hashlib.sha256()
                self._stream(sub, obj, path, depth)
                self._streams[ref] = sub.digest()
                h.update(self._streams[ref])
                return
            if isinstance(obj, (DictionaryObject, ArrayObject)):
                self._walk_shared(h, ref, obj, path, depth)
                return
        self._walk(h, obj, path, depth)

    def _walk_shared(self, h: Any, ref: int, obj: Any, path: frozenset[int], depth: int) -> None:
        """Walk an indirect dictionary or array, and memoise it when no cycle was met."""
        cycles, outer = self._cycles, self._height
        self._height = depth
        buf = _Recorder()
        self._walk(buf, obj, path, depth)
        if self._cycles == cycles:
            self._memo[ref] = (bytes(buf.data), self._height - depth)
        self._height = max(outer, self._height)
        self._replay(h, buf.data)

    def _replay(self, h: Any, data: bytes | bytearray) -> None:
        self.replayed += len(data)
        if self.replayed > MAX_REPLAY:
            raise ValueError("the document's object graph is too large to check")
        h.update(data)

    def _walk(self, h: Any, obj: Any, path: frozenset[int], depth: int) -> None:
        if isinstance(obj, StreamObject):
            self._stream(h, obj, path, depth)
        elif isinstance(obj, DictionaryObject):
            h.update(b"<<")
            for k in sorted(obj.keys()):
                if k in _SKIP:
                    continue
                h.update(str(k).encode() + b" ")
                self.feed(h, obj.raw_get(k), path, depth + 1)
            h.update(b">>")
        elif isinstance(obj, ArrayObject):
            h.update(b"[")
            for v in obj:
                self.feed(h, v, path, depth + 1)
            h.update(b"]")
        elif obj is None:
            h.update(b"null;")
        else:
            h.update(type(obj).__name__.encode() + b":" + repr(obj).encode() + b";")

    def _stream(self, h: Any, obj: Any, path: frozenset[int], depth: int) -> None:
        h.update(b"stream")
        self.feed(h, DictionaryObject(obj), path, depth + 1)
        # The decoded data for the filters a re-save may redo (Flate); image codecs' bytes
        # (DCTDecode) are taken as stored: pypdf returns them undecoded.
        h.update(hashlib.sha256(obj.get_data()).digest())


class _Recorder:
    """What a walk feeds, kept to be fed again (a memoised object's digest input)."""

    def __init__(self) -> None:
        self.data = bytearray()

    def update(self, b: bytes) -> None:
        self.data += b


def _digest(d: _Digester, obj: Any) -> str:
    h = hashlib.sha256()
    d.feed(h, obj)
    return h.hexdigest()[: 2 * seal.PART_BYTES]


def _is_signature(annot: Any) -> bool:
    """A signature field's widget (what PAdES signing adds): left out of the page digest."""
    a = annot.get_object()
    field = a
    for _ in range(32):  # the field type may be inherited from a parent field (§12.7.3.1)
        if not isinstance(field, DictionaryObject):
            return False
        if field.get("/FT") == "/Sig":
            return True
        parent = field.get("/Parent")
        if parent is None:
            return False
        field = parent.get_object()
    return False


def _page_digest(d: _Digester, page: Any) -> str:
    body = DictionaryObject({k: v for k, v in page.items() if k not in ("/Annots", "/Parent")})
    annots = page.get("/Annots")
    annots = annots.get_object() if annots is not None else []
    kept = ArrayObject(a for a in annots if not _is_signature(a))
    body[NameObject("/Annots")] = kept
    return _digest(d, body)


_CATALOG_ELSEWHERE = frozenset(
    {"/Pages", "/Outlines", "/Metadata", "/AcroForm", "/Names"}  # their own parts
    | {"/DSS", "/Extensions", "/Version", "/Perms"}  # what PAdES signing adds (pyHanko)
)
_SIGNING_INFO = frozenset({"/ModDate", "/Producer"})
"""What a signing update rewrites in /Info. Left out of the part digest only: any other
change to them still breaks the seal or is an appended update."""


def _doc_digests(d: _Digester, reader: PdfReader) -> list[str]:
    """Digests of seal.DOC_PARTS, in that order."""
    cat: Any = reader.trailer["/Root"].get_object()
    names: Any = cat.get("/Names")
    names = names.get_object() if names is not None else DictionaryObject()
    form: Any = cat.get("/AcroForm")
    fields: Any = form.get_object().get("/Fields") if form is not None else None
    fields = fields.get_object() if fields is not None else []
    fields = ArrayObject(f for f in fields if not _is_signature(f))
    outline = cat.get("/Outlines")
    rest = DictionaryObject({k: v for k, v in cat.items() if k not in _CATALOG_ELSEWHERE})
    info: Any = reader.trailer.get("/Info")
    info = info.get_object() if info is not None else DictionaryObject()
    info = DictionaryObject({k: v for k, v in info.items() if k not in _SIGNING_INFO})
    rest[NameObject("/Names")] = DictionaryObject(
        {k: v for k, v in names.items() if k != "/EmbeddedFiles"}
    )
    return [
        _digest(d, info),
        _digest(d, cat.get("/Metadata")),
        _digest(d, names.get("/EmbeddedFiles")),
        _outline_digest(d, outline),
        _digest(d, fields),
        _digest(d, rest),
    ]


def _outline_digest(d: _Digester, outline: Any) -> str:
    """Outline items in reading order (followed by /First and /Next, not recursively along the
    /Next chain: a 400-exhibit outline is 400 long, not 400 deep)."""
    h = hashlib.sha256()
    seen: set[int] = set()

    def walk(node: Any, level: int) -> None:
        while node is not None and len(seen) < MAX_NODES and level < 64:
            if isinstance(node, IndirectObject):
                if node.idnum in seen:
                    return
                seen.add(node.idnum)
            item = node.get_object()
            body = {k: v for k, v in item.items() if k not in ("/First", "/Next", "/Count")}
            h.update(b"item%d" % level)
            d.feed(h, DictionaryObject(body))
            walk(item.get("/First"), level + 1)
            node = item.get("/Next")

    if outline is not None:
        walk(outline.get_object().get("/First"), 0)
    return h.hexdigest()[: 2 * seal.PART_BYTES]


def part_digests(path: Path, length: int | None = None) -> list[str]:
    """The digest of each page, then of each of ``seal.DOC_PARTS`` (``/EKParts``); of the
    first ``length`` bytes when given. VerifyError when the file cannot be read."""
    try:
        with open(path, "rb") as f:
            reader = PdfReader(cast(Any, f if length is None else Window(f, length)))
            pages = list(reader.pages)
            refs = {
                p.indirect_reference.idnum: i for i, p in enumerate(pages) if p.indirect_reference
            }
            d = _Digester(refs)
            return [_page_digest(d, p) for p in pages] + _doc_digests(d, reader)
    except (*PDF_ERRORS, OSError) as exc:
        raise unreadable(path, exc) from exc


def seal_output(path: Path) -> str:
    """Write the seal into the finished dossier at ``path`` (seal.py); returns its digest."""
    return seal.write(path, part_digests(path))
