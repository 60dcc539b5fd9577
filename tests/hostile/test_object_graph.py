"""Part digests on crafted object graphs (a PDF sent back can be made to order): a DAG that
shares an object at every level, and the same with a cycle back to its root, are rejected in
bounded time with one sentence, never walked for ever."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject

from evidencekit.cli import cli
from evidencekit.dossier.postprocess import digests
from evidencekit.errors import VerifyError
from tests.util import built_sample


def _dag(path: Path, levels: int, cycle: bool) -> Path:
    """Level i is [ref i+1, ref i+1] (2**levels paths), hung from the page's resources; with
    ``cycle`` the last level points back at the first (nothing can be memoised), and the
    trailer carries an /EKParts hint, so ``verify`` digests the parts."""
    w = PdfWriter()
    page = w.add_blank_page(200, 200)
    refs = [w._add_object(ArrayObject()) for _ in range(levels)]
    for i, ref in enumerate(refs):
        arr = ref.get_object()
        nxt = refs[i + 1] if i + 1 < levels else (refs[0] if cycle else None)
        if nxt is not None:
            arr.extend([nxt, nxt])
        else:
            arr.extend([NameObject(f"/Leaf{j}") for j in range(64)])
    page[NameObject("/EKGraph")] = refs[0]
    w._info = None
    with open(path, "wb") as f:
        w.write(f)
    data = path.read_bytes().replace(
        b"trailer\n<<", b"trailer\n<<\n/EKParts <%s>" % (b"00" * 56), 1
    )
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("cycle", [False, True], ids=["shared_dag", "cycle"])
def test_crafted_graph_is_rejected_in_bounded_time(tmp_path: Path, cycle: bool) -> None:
    pdf = _dag(tmp_path / "dag.pdf", 60, cycle)
    t = time.perf_counter()
    with pytest.raises(VerifyError) as info:
        digests.part_digests(pdf)
    assert time.perf_counter() - t < 30
    assert "object graph is too large to check" in info.value.message


def test_verify_names_the_bound(tmp_path: Path) -> None:
    """A built dossier with an update appended that hangs the cyclic DAG on its first page:
    verify reports the update, and that which part changed cannot be told, in one line."""
    case, pdf = built_sample(tmp_path)
    w = PdfWriter(pdf, incremental=True)
    refs = [w._add_object(ArrayObject()) for _ in range(60)]
    for i, ref in enumerate(refs):
        nxt = refs[(i + 1) % len(refs)]
        ref.get_object().extend([nxt, nxt])
    w.pages[0][NameObject("/EKGraph")] = refs[0]
    w.write(tmp_path / "updated.pdf")
    t = time.perf_counter()
    res = CliRunner().invoke(cli, ["verify", str(tmp_path / "updated.pdf")])
    assert time.perf_counter() - t < 30
    assert res.exit_code == 5, res.output
    assert "object graph is too large to check" in res.output
    assert "Traceback" not in res.output and "internal error" not in res.output
    assert (tmp_path / "updated.pdf").read_bytes().startswith(pdf.read_bytes())


def test_shared_dag_is_walked_once_per_object(tmp_path: Path) -> None:
    """Under the byte bound, a 2**18-path DAG costs ~2 visits per edge, not 2**18."""
    pdf = _dag(tmp_path / "dag.pdf", 18, False)
    d = digests._Digester()
    digests._page_digest(d, PdfReader(pdf).pages[0])
    assert d.nodes < 500
