"""Redaction: boxes from case.toml are black in every embedded image; originals not attached."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from evidencekit.cli import cli

SECRET = (255, 0, 255)


def _secret_image(path: Path, orientation: int | None = None) -> None:
    """Grey picture with a magenta 'phone number' at upright (100..300, 40..100)."""
    up = Image.new("RGB", (400, 600), (120, 120, 120))
    up.paste(SECRET, (100, 40, 300, 100))
    stored = up
    exif = Image.Exif()
    if orientation == 6:  # stored rotated; the viewer turns it 90° clockwise
        stored = up.transpose(Image.Transpose.ROTATE_90)
        exif[0x0112] = 6
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".png":
        stored.save(path)
    else:
        stored.save(path, "JPEG", quality=95, exif=exif.tobytes())


def _magenta(img: Image.Image) -> int:
    raw = img.convert("RGB").tobytes()
    return sum(
        1 for i in range(0, len(raw), 3) if raw[i] > 200 and raw[i + 1] < 80 and raw[i + 2] > 200
    )


def test_detector_sees_the_secret(tmp_path: Path) -> None:
    _secret_image(tmp_path / "x.jpg", orientation=6)
    assert _magenta(Image.open(tmp_path / "x.jpg")) > 10000


def test_redacted_pixels_are_nowhere_in_the_pdf(tmp_path: Path) -> None:
    case = tmp_path / "case"
    _secret_image(case / "chat" / "a.png")
    _secret_image(case / "chat" / "b.jpg", orientation=6)
    (case / "case.toml").write_text(
        '[[file]]\npath = "chat/a.png"\nredact = [[90, 30, 220, 80]]\n'
        '[[file]]\npath = "chat/b.jpg"\nredact = [[90, 30, 220, 80]]\n',
        encoding="utf-8",
    )
    out = tmp_path / "d.pdf"
    res = CliRunner().invoke(cli, ["build", str(case), "-o", str(out), "--attach-originals"])
    assert res.exit_code == 0, res.output
    reader = PdfReader(str(out))
    seen = 0
    for page in reader.pages:
        for img in page.images:
            if img.image is not None and img.image.width >= 200:
                seen += 1
                assert _magenta(img.image) == 0
    assert seen >= 2
    names = {a for a in reader.attachments}
    assert "chat/a.png" not in names and "chat/b.jpg" not in names
    manifest = json.loads(reader.attachments["manifest.json"][0])
    for f in manifest["files"]:
        assert f["attached"] is False
        assert f["embedded"]["transform"] == "redacted"
    data = out.read_bytes()
    for name in ("a.png", "b.jpg"):
        original = (case / "chat" / name).read_bytes()
        assert original[-4000:] not in data  # no copy of the original's data anywhere
    # verify still passes: a redacted file is not expected as an attachment
    res = CliRunner().invoke(cli, ["verify", str(out), "--case", str(case)])
    assert res.exit_code == 0, res.output


def test_redaction_applies_to_upload_packs(tmp_path: Path) -> None:
    case = tmp_path / "case"
    _secret_image(case / "chat" / "a.png")
    (case / "case.toml").write_text(
        '[[file]]\npath = "chat/a.png"\nredact = [[90, 30, 220, 80]]\n', encoding="utf-8"
    )
    res = CliRunner().invoke(
        cli, ["pack", str(case), "--platform", "1688-apply", "-o", str(tmp_path / "p")]
    )
    assert res.exit_code == 0, res.output
    sheets = sorted((tmp_path / "p").glob("*-of-*.*"))
    assert sheets
    for s in sheets:
        assert _magenta(Image.open(io.BytesIO(s.read_bytes()))) == 0


def test_bad_redact_box_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "case.toml").write_text(
        '[[file]]\npath = "chat/a.png"\nredact = [[1, 2, 3]]\n', encoding="utf-8"
    )
    res = CliRunner().invoke(cli, ["audit", str(tmp_path)])
    assert res.exit_code == 3
    assert "line 3" in res.output and "redact" in res.output
