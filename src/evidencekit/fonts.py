"""Where the bundled fonts live (wheel: package data; editable install: the repo's fonts/)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

REGULAR = "NotoSansSC_400Regular.ttf"
BOLD = "NotoSansSC_700Bold.ttf"


def font_dir() -> Path:
    """The folder holding the bundled Noto Sans SC fonts.

    A wheel installs ``fonts/`` as ``evidencekit/fonts`` (pyproject force-include); an editable
    install leaves it at the repository root, two levels above the package.
    """
    packaged = Path(str(files("evidencekit") / "fonts"))
    if (packaged / REGULAR).is_file():
        return packaged
    import evidencekit

    return Path(evidencekit.__file__).resolve().parents[2] / "fonts"


def font_paths() -> tuple[Path, Path]:
    """(regular, bold) font files; FileNotFoundError names the missing file."""
    d = font_dir()
    out = (d / REGULAR, d / BOLD)
    for p in out:
        if not p.is_file():
            raise FileNotFoundError(f"bundled font missing: {p}")
    return out
