"""The package layout (README, Design): no import cycles, arrows one way, one owner per library.

Parsed with ``ast`` (nothing is imported), so a lazy import inside a function counts like a top
level one; only imports under ``if TYPE_CHECKING:`` are exempt (they never run).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "evidencekit"

SHARED = {"models", "errors", "options", "progress", "_io", "fonts", "cache", "zhtext", "__init__"}
FACES = {"cli", "cli_dossier", "cli_support", "api", "__main__", "serve"}
# Packages by layer: a module may import its own package and any lower layer, never a higher
# layer nor another package of its own layer (integrity and outputs both sit on dossier).
LAYER = {"shared": 0, "case": 1, "rules": 1, "audit": 2, "dossier": 3, "integrity": 4}
LAYER |= {"outputs": 4, "testing": 4, "faces": 5}

# Each third-party library and the modules (dotted prefixes under evidencekit) that may import
# it. Pillow is the image type the audit and the image-making modules pass around, so it has
# more than one owner; everything else has exactly one home.
OWNERS = {
    "reportlab": ("dossier.render",),
    "qrcode": ("dossier.render.qr",),
    "pypdf": ("dossier.postprocess",),
    "exifread": ("audit.metadata.exif",),
    "zxingcpp": ("audit.barcodes",),
    # Videos (issue 17): PyAV (FFmpeg) is read in one place; tests write videos with it.
    "av": ("audit.video.reader",),
    "rapidocr_onnxruntime": ("audit.ocr",),
    "numpy": ("audit.ocr",),
    "pyhanko": ("integrity.signing",),
    "c2pa": ("audit.provenance.c2pa_reader",),
    "pyhanko_certvalidator": ("integrity.signing",),
    "asn1crypto": ("integrity.signing",),  # pyHanko's ASN.1 types (timestamp requests, tokens)
    "click": ("cli", "cli_dossier", "cli_support"),
    "rich": ("cli_support", "audit.report"),
    "pillow_heif": ("audit.metadata.pillow_reader", "dossier.imaging", "testing.imagegen"),
    "PIL": ("audit", "dossier.imaging", "outputs.pack", "testing.imagegen"),
    "tomlkit": ("case.edit",),
    # The web page (issue 18): a face; its libraries stay inside the serve package.
    "starlette": ("serve",),
    "jinja2": ("serve.app",),
    "uvicorn": ("serve.server",),
}


def _modules() -> dict[str, tuple[Path, bool]]:
    mods = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts = parts[:-1]
        mods[".".join(["evidencekit", *parts])] = (path, is_pkg)
    return mods


MODULES = _modules()


def _type_checking_only(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skip


def _imports(name: str) -> list[tuple[str, int]]:
    """(imported name, line) for every import in module ``name``, resolved to absolute."""
    path, is_pkg = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_only(tree)
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = name.split(".") if is_pkg else name.split(".")[:-1]
            if node.level:
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for a in node.names:
                full = f"{target}.{a.name}"
                out.append((full if full in MODULES else target, node.lineno))
    return out


def _graph() -> dict[str, set[str]]:
    return {
        m: {t for t, _ in _imports(m) if t in MODULES and t != m and not m.startswith(t + ".")}
        for m in MODULES
    }


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                return stack[stack.index(t) :] + [t]
            if t not in state and (found := visit(t)):
                return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def _package(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "shared"
    if parts[1] in FACES:  # serve is a package of faces: every module in it counts as one
        return "faces"
    if parts[1] in SHARED:
        return "shared"
    return parts[1]


def test_the_graph_is_read():
    graph = _graph()
    # The reader must see the imports it polices, or every rule below passes vacuously.
    assert "evidencekit.dossier.render" in graph["evidencekit.dossier.assembly"]
    assert "evidencekit.audit.pipeline" in graph["evidencekit.api"]
    assert all(_package(m) in LAYER for m in graph), sorted({_package(m) for m in graph})


def test_no_import_cycles():
    assert _find_cycle(_graph()) is None, " -> ".join(_find_cycle(_graph()) or [])


def test_the_cycle_finder_finds_cycles():
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": set()}) is None


def test_arrows_point_one_way():
    bad = []
    for m, targets in _graph().items():
        mine = _package(m)
        for t in targets:
            theirs = _package(t)
            if theirs == mine:
                continue
            if LAYER[theirs] >= LAYER[mine]:
                bad.append(f"{m} ({mine}) imports {t} ({theirs})")
    assert not bad, "\n".join(sorted(bad))


def _owned(module: str, owners: tuple[str, ...]) -> bool:
    short = module.removeprefix("evidencekit.")
    return any(short == o or short.startswith(o + ".") for o in owners)


def test_each_library_has_its_owners():
    local = {"evidencekit", "tests"}
    bad = []
    for m in MODULES:
        for name, line in _imports(m):
            top = name.split(".")[0]
            if not top or top in local or top in sys.stdlib_module_names or top == "__future__":
                continue
            owners = OWNERS.get(top)
            if owners is None:
                bad.append(f"{m}:{line} imports {top}, which has no owner in OWNERS")
            elif not _owned(m, owners):
                bad.append(f"{m}:{line} imports {top}; only {', '.join(owners)} may")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("pkg", ["case", "audit", "rules", "dossier", "integrity", "outputs"])
def test_each_package_says_what_it_owns(pkg):
    doc = ast.get_docstring(ast.parse((SRC / pkg / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "import" in doc.lower() and len(doc.splitlines()) <= 5, doc
