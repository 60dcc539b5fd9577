"""A two-photo case and a CLI runner for the hostile-input tests (issue 19); generated inputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from PIL import Image, ImageDraw

from evidencekit.cli import cli

REPO = Path(__file__).resolve().parents[2]
CASE_HEAD = '[case]\nplatform = "taobao"\norder_id = "1234567890"\nclaim = "quality"\n'


def photo(path: Path, size: tuple[int, int] = (400, 300), quality: int = 88) -> Path:
    """A small photo with shapes (so look-alike resizes stay look-alikes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", (400, 300), (200, 200, 200))
    d = ImageDraw.Draw(im)
    d.rectangle((50, 50, 200, 250), fill=(200, 0, 0))
    d.ellipse((220, 60, 380, 220), fill=(0, 0, 200))
    im.resize(size).save(path, "JPEG", quality=quality)
    return path


def make_case(root: Path, toml: str = CASE_HEAD) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "case.toml").write_text(toml, encoding="utf-8")
    photo(root / "product" / "scratch.jpg")
    im = Image.new("RGB", (300, 400), (30, 120, 30))
    ImageDraw.Draw(im).text((20, 20), "parcel", fill=(255, 255, 255))
    (root / "parcel").mkdir(exist_ok=True)
    im.save(root / "parcel" / "box.jpg", "JPEG", quality=85)
    return root


def run(*args: str) -> tuple[int, str]:
    """The CLI in this process (monkeypatch applies); exit code and stdout+stderr."""
    res = CliRunner().invoke(cli, ["-q", *args])
    return res.exit_code, res.output


def run_sub(*args: str, timeout: float) -> tuple[int, str]:
    """The CLI in a child process with a hard time limit (a hang fails the test)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "EVIDENCEKIT_CACHE": "0"}
    proc = subprocess.run(
        [sys.executable, "-m", "evidencekit", "-q", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    return proc.returncode, proc.stdout + proc.stderr


def exhibited(pdf: Path) -> list[str]:
    """Paths the dossier's manifest lists as exhibits."""
    from evidencekit.dossier.manifest import ATTACHMENT_NAME
    from evidencekit.dossier.postprocess import read_dossier

    manifest = json.loads(read_dossier(pdf).attachments[ATTACHMENT_NAME])
    return sorted(f["path"] for f in manifest["files"] if f.get("exhibit"))
