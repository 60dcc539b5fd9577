from __future__ import annotations

import os
from pathlib import Path

import pytest

# OCR (the optional evidencekit[ocr] extra) takes seconds per screenshot and its findings depend
# on whether the extra is installed; tests opt in with monkeypatch.setenv("EVIDENCEKIT_OCR", "1").
os.environ.setdefault("EVIDENCEKIT_OCR", "0")
# A developer's shell may have the cache turned off; the cache tests need it on (the ones that
# want it off say so with monkeypatch).
os.environ.pop("EVIDENCEKIT_CACHE", None)

REPO = Path(__file__).resolve().parents[1]
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()
SAMPLE = REPO / "samples" / "1688-quality-case"


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or fill the user's real cache folder."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
