"""imaging: what the PDF embeds, for every EXIF orientation and scaling path."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from evidencekit.dossier.imaging import Fit, prepare_image, untouched_jpeg
from evidencekit.testing.imagegen import INVERSE_ORIENTATION

# Quadrant colours of the *upright* picture: top-left, top-right, bottom-left, bottom-right.
UPRIGHT = ((220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 230, 40))


def _upright(size: tuple[int, int]) -> Image.Image:
    w, h = size
    im = Image.new("RGB", size)
    for i, c in enumerate(UPRIGHT):
        x, y = (i % 2) * w // 2, (i // 2) * h // 2
        im.paste(c, (x, y, x + w // 2, y + h // 2))
    return im


def _stored(orientation: int, fmt: str, size: tuple[int, int] = (640, 480)) -> bytes:
    up = _upright(size)
    op = INVERSE_ORIENTATION.get(orientation)
    stored = up.transpose(op) if op is not None else up
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    stored.save(buf, fmt, exif=exif.tobytes(), **({"quality": 95} if fmt == "JPEG" else {}))
    data = buf.getvalue()
    # the fixture itself is right: Pillow's exif_transpose (an independent reader) turns it
    # upright, colours in place
    pillow = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    assert pillow.size == size
    assert all(_close(g, e) for g, e in zip(_quadrants(pillow), UPRIGHT, strict=True))
    return data


def _quadrants(im: Image.Image) -> list[tuple[int, ...]]:
    w, h = im.size
    pts = [(w // 4, h // 4), (3 * w // 4, h // 4), (w // 4, 3 * h // 4), (3 * w // 4, 3 * h // 4)]
    rgb = im.convert("RGB")
    return [rgb.getpixel(p) for p in pts]  # type: ignore[misc]


def _close(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return all(abs(x - y) <= 12 for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_downscaled_images_are_upright_for_every_orientation(fmt: str, orientation: int) -> None:
    """Scaled first, turned after (cheaper): the result is still the upright picture."""
    data = _stored(orientation, fmt)
    img = prepare_image(data, fit=Fit(dpi=40))  # forces a downscale and a re-encode
    assert img.orientation == 1 and img.transform == "converted"
    out = Image.open(io.BytesIO(img.stream)) if img.filter == "DCTDecode" else None
    if out is None:
        mode = "L" if img.color_space == "DeviceGray" else "RGB"
        import zlib

        out = Image.frombytes(mode, (img.width, img.height), zlib.decompress(img.stream))
    assert out.width > out.height  # upright 640x480 is landscape
    assert out.width < 640
    got = _quadrants(out)
    assert all(_close(g, e) for g, e in zip(got, UPRIGHT, strict=True)), (orientation, got)


@pytest.mark.parametrize("orientation", [1, 6])
def test_jpeg_within_caps_keeps_its_orientation_for_the_page_transform(orientation: int) -> None:
    data = _stored(orientation, "JPEG")
    img = prepare_image(data)
    assert img.filter == "DCTDecode" and img.transform in ("passthrough", "metadata-stripped")
    assert img.orientation == orientation


def test_dct_scale_within_tolerance_is_used_without_resampling() -> None:
    """A 4032x3024 landscape photo printed on A4 at 300 dpi needs ~0.53: the 1/2 DCT scale
    (2016 px) is within 5 % and is embedded as decoded, and the manifest says so."""
    big = _upright((4032, 3024))
    buf = io.BytesIO()
    big.save(buf, "JPEG", quality=90)
    img = prepare_image(buf.getvalue(), fit=Fit(dpi=300))
    assert (img.width, img.height) == (2016, 1512)
    assert img.detail["downscaled"] == {
        "from": [4032, 3024],
        "to": [2016, 1512],
        "dct_scale": "1/2",
    }
    # a target well above the 1/2 scale is resampled from a larger decode
    img = prepare_image(buf.getvalue(), fit=Fit(dpi=400))
    assert img.width > 2016 and "dct_scale" not in img.detail["downscaled"]


@pytest.mark.parametrize(
    ("mode", "size", "orientation", "fit"),
    [
        ("RGB", (120, 90), 6, None),
        ("L", (120, 90), 1, None),
        ("RGB", (120, 90), 3, "archive"),
        ("RGB", (120, 90), 8, "a4"),  # small: within the 300 dpi cap, passed through
        ("RGB", (4000, 3000), 6, "a4"),  # over the cap: converted
        ("CMYK", (120, 90), 1, None),  # converted
    ],
)
def test_untouched_jpeg_agrees_with_prepare_image(
    tmp_path: Path, mode: str, size: tuple[int, int], orientation: int, fit: str | None
) -> None:
    """The header-only shortcut the spliced builds take must describe exactly what
    prepare_image(..., keep_metadata=True) would embed, and decline whatever it converts."""
    fits = {None: None, "archive": Fit(dpi=None), "a4": Fit(dpi=300)}
    path = tmp_path / "x.jpg"
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.new(mode, size, 128).save(path, "JPEG", exif=exif.tobytes())
    full = prepare_image(path.read_bytes(), keep_metadata=True, fit=fits[fit])
    quick = untouched_jpeg(path, fits[fit])
    if full.stream != path.read_bytes():
        assert quick is None
        return
    assert quick is not None
    assert dataclasses.replace(quick, stream=full.stream, sha256=full.sha256) == full
