"""The memoised part digests equal those of the walk every sealed dossier so far was built with
(kept here as the reference: it re-walks shared objects at every use), on shared DAGs, cycles
and a mix of both, so dossiers sealed before still verify."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from evidencekit.dossier.postprocess import digests
from tests.hostile.test_object_graph import _dag
from tests.test_digest_sharing import _shared_pdf


class _Reference(digests._Digester):
    """The digester before memoising (commit c11a34b), without its node bound."""

    def feed(self, h: Any, obj: Any, path: frozenset[int] = frozenset(), depth: int = 0) -> None:
        self.nodes += 1
        if isinstance(obj, IndirectObject):
            if obj.idnum in path:
                h.update(b"@cycle;")
                return
            if obj.idnum in self._pages:
                h.update(b"@page%d;" % self._pages[obj.idnum])
                return
            path = path | {obj.idnum}
            ref, obj = obj.idnum, obj.get_object()
            if isinstance(obj, StreamObject) and ref in self._streams:
                h.update(self._streams[ref])
                return
            if isinstance(obj, StreamObject):
                sub = hashlib.sha256()
                self._stream(sub, obj, path, depth)
                self._streams[ref] = sub.digest()
                h.update(self._streams[ref])
                return
        self._walk(h, obj, path, depth)


def _digests(cls: type[digests._Digester], path: Path) -> tuple[list[str], int]:
    reader = PdfReader(path)
    pages = list(reader.pages)
    refs = {p.indirect_reference.idnum: i for i, p in enumerate(pages) if p.indirect_reference}
    d = cls(refs)
    out = [digests._page_digest(d, p) for p in pages] + digests._doc_digests(d, reader)
    return out, d.nodes


def _mixed(path: Path) -> Path:
    """Two dictionaries in a cycle (never memoised) sharing a cycle-free array (memoised),
    reached from alternate pages."""
    w = PdfWriter()
    a, b = w._add_object(DictionaryObject()), w._add_object(DictionaryObject())
    c = w._add_object(ArrayObject([NameObject("/x"), NameObject("/y")]))
    a.get_object()[NameObject("/B")] = b
    b.get_object()[NameObject("/A")] = a
    b.get_object()[NameObject("/C")] = c
    for i in range(6):
        page = w.add_blank_page(100, 100)
        page[NameObject("/EKa")] = a if i % 2 else b
        page[NameObject("/EKc")] = c
    w.write(path)
    return path


@pytest.mark.parametrize("kind", ["shared", "dag", "dag_cycle", "mixed"])
def test_same_digests_as_before(kind: str, tmp_path: Path) -> None:
    pdf = tmp_path / f"{kind}.pdf"
    if kind == "shared":
        _shared_pdf(pdf, 40)
    elif kind == "mixed":
        _mixed(pdf)
    else:
        _dag(pdf, 12, kind == "dag_cycle")
    before, walked_before = _digests(_Reference, pdf)
    after, walked_after = _digests(digests._Digester, pdf)
    assert after == before
    assert walked_after <= walked_before
