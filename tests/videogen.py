"""Generated test videos (H.264 in MP4/MOV, written with PyAV), with the tags phones write.

Tests only: the package reads videos through ``audit.video.reader`` alone (tests/test_layout.py);
writing them is a test concern. Each frame is a flat colour with a moving block (so key frames
differ), and optionally a waybill label with a Code 128 barcode from ``at`` seconds on.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import av
from PIL import Image, ImageDraw

from evidencekit.audit import barcodes


def make_video(
    path: Path,
    seconds: float = 6.0,
    fps: int = 30,
    size: tuple[int, int] = (640, 360),
    metadata: Mapping[str, str] | None = None,
    barcode: str = "",
    barcode_from: float = 1.0,
    gop: int | None = None,
    jump_at: float | None = None,
    jump_by: float = 3.0,
    audio: bool = False,
    rotate: int = 0,
    fmt: str | None = None,
    faststart: bool = False,
) -> Path:
    """Write ``path``; ``jump_at``: frame timestamps jump by ``jump_by`` s there (a cut);
    ``rotate``: clockwise display rotation stored in the track matrix (ExifTool's Rotation)."""
    path = Path(path)
    # bitexact: no "encoder=Lavf…" tag, as a phone's own file has none (tests add it back).
    opts = {} if metadata and "encoder" in metadata else {"fflags": "+bitexact"}
    flags = (["use_metadata_tags"] if metadata else []) + (["faststart"] if faststart else [])
    if flags:
        opts["movflags"] = "+".join(flags)
    with av.open(str(path), "w", format=fmt, options=opts) as out:
        for k, v in (metadata or {}).items():
            out.metadata[k] = v
        vs = out.add_stream("libx264", rate=fps)
        vs.width, vs.height = size
        vs.pix_fmt = "yuv420p"
        vs.options = {"g": str(gop or fps), "preset": "ultrafast", "crf": "28", "bf": "0"}
        a = out.add_stream("aac", rate=48000) if audio else None
        label = _label(barcode, size) if barcode else None
        n = int(seconds * fps)
        shift = 0
        for i in range(n):
            t = i / fps
            if jump_at is not None and t >= jump_at and not shift:
                shift = int(jump_by * fps)
            img = _frame(i, size, label if label and t >= barcode_from else None)
            frame = av.VideoFrame.from_image(img)
            frame.pts = i + shift
            for pkt in vs.encode(frame):
                out.mux(pkt)
        for pkt in vs.encode(None):
            out.mux(pkt)
        if a is not None:
            _silence(out, a, seconds)
    if rotate:
        _rotate(path, rotate)
    return path


def _silence(out: av.container.OutputContainer, a: av.AudioStream, seconds: float) -> None:
    samples = 1024
    for i in range(int(seconds * 48000 / samples)):
        frame = av.AudioFrame(format="fltp", layout="mono", samples=samples)
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        frame.sample_rate = 48000
        frame.pts = i * samples
        for pkt in a.encode(frame):
            out.mux(pkt)
    for pkt in a.encode(None):
        out.mux(pkt)


_MATRIX = {  # clockwise display rotation -> (a, b, c, d) of the tkhd matrix, 16.16 fixed point
    90: (0, 0x10000, -0x10000, 0),
    180: (-0x10000, 0, 0, -0x10000),
    270: (0, -0x10000, 0x10000, 0),
}


def _rotate(path: Path, degrees: int) -> None:
    """Write the display rotation into the video track's tkhd matrix, as phones do."""
    import struct

    data = bytearray(path.read_bytes())
    at = data.find(b"tkhd")
    version = data[at + 4]
    matrix = at + 4 + 4 + (32 if version == 1 else 20) + 16
    a, b, c, d = _MATRIX[degrees]
    struct.pack_into(">iiiiii", data, matrix, a, b, 0, c, d, 0)
    path.write_bytes(bytes(data))


def _frame(i: int, size: tuple[int, int], label: Image.Image | None) -> Image.Image:
    w, h = size
    img = Image.new("RGB", size, (40 + i % 200, 90, 140))
    d = ImageDraw.Draw(img)
    x = (i * 7) % max(1, w - 60)
    d.rectangle((x, h // 2 - 30, x + 60, h // 2 + 30), fill=(230, 200, 60))
    if label is not None:
        img.paste(label, ((w - label.width) // 2, (h - label.height) // 2))
    return img


def _label(text: str, size: tuple[int, int]) -> Image.Image:
    sym = barcodes.render("Code128", text, scale=3).convert("RGB")
    w, h = size
    if sym.width > w * 0.9:
        sym = sym.resize((int(w * 0.9), int(sym.height * w * 0.9 / sym.width)))
    return sym
