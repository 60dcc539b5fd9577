"""reportlab's number formatting for content streams, memoised by value.

Every coordinate, colour and font size reportlab writes goes through ``rl_accel.fp_str``. With
reportlab's optional C accelerator (the ``rl_accel`` package) that is C; without it (the
default install) it is ``_py_fp_str``, which takes a logarithm and trims zeros per number:
100,000 calls and about 8 % of the render time of a 400-page dossier, over a few thousand
distinct values (the same margins, line widths and sizes on every page).

``install()`` puts a memo in front of the pure-Python function, in the modules that imported
it by name. The text is the one ``_py_fp_str`` gives for the same value (equal numbers format
equally: ``'%.Nf' % x`` reads the value, not the type), so output is byte-identical;
tests/test_render_para.py checks it on random values. Where the C accelerator is installed,
nothing is replaced.
"""

from __future__ import annotations

import importlib
from typing import Any

from reportlab.lib import rl_accel
from reportlab.lib.utils import isSeq

_PY = getattr(rl_accel, "_py_fp_str", None)
_MEMO: dict[Any, str] = {}
_MAX = 1 << 16
_USERS = (
    "reportlab.lib.rl_accel",
    "reportlab.lib.colors",
    "reportlab.pdfbase.pdfdoc",
    "reportlab.pdfbase.ttfonts",
    "reportlab.pdfgen.canvas",
    "reportlab.pdfgen.pathobject",
    "reportlab.pdfgen.textobject",
    "reportlab.platypus.flowables",
    "reportlab.platypus.tables",
)


def fp_str(*a: Any) -> str:
    """``rl_accel._py_fp_str(*a)``, one memo lookup per number."""
    if len(a) == 1 and isSeq(a[0]):
        a = a[0]
    out = []
    for x in a:
        try:
            s = _MEMO.get(x)
        except TypeError:  # unhashable: let reportlab deal with it (and fail as it does)
            out.append(_PY(x))  # type: ignore[misc]
            continue
        if s is None:
            s = _PY(x)  # type: ignore[misc]
            if len(_MEMO) < _MAX:
                _MEMO[x] = s
        out.append(s)
    return " ".join(out)


def install() -> None:
    """Use the memo wherever reportlab bound the pure-Python ``fp_str``."""
    if _PY is None:
        return
    for name in _USERS:
        module = importlib.import_module(name)
        if getattr(module, "fp_str", None) is _PY:
            module.fp_str = fp_str  # type: ignore[attr-defined]
