"""Text in screenshots through RapidOCR (the only module importing ``rapidocr_onnxruntime``).

Optional: installed with ``pip install 'evidencekit[ocr]'``. RapidOCR
(https://github.com/RapidAI/RapidOCR, Apache-2.0) runs PaddleOCR's PP-OCRv4 Chinese/English
detection and recognition models on ONNX Runtime; the ``rapidocr_onnxruntime`` wheel bundles the
three model files (``models/ch_PP-OCRv4_det_infer.onnx`` ...), so nothing is downloaded at run
time and nothing leaves the machine.

Settings, measured on generated 1080x2400 WeChat/旺旺 chat screenshots:
* the text-direction classifier is off (``use_cls=False``): screenshots are upright, and the
  classifier only adds time;
* one ONNX Runtime thread per engine: the audit already runs one worker process per CPU, and
  more threads per process made each screenshot slower, not faster (3.9 s vs 5.9 s on 2 CPUs).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from typing import Any

from PIL import Image

Box = tuple[int, int, int, int]
Line = tuple[str, Box]
MIN_SCORE = 0.5
"""RapidOCR's own default ``text_score``: lines recognised with less confidence are dropped."""
INSTALL = "pip install 'evidencekit[ocr]'"
MAX_ASPECT = 4
"""RapidOCR's detector scales an image's *short* side up to 736 px (``limit_type: min``), after
raising it to 30 px: a 16x2000 strip of a fuzzed 16x65280 TIFF became 736x92000 (68 MP of
float32, >4 GB, ``bad_alloc``), a 16x200 one took 16 s. Each image is padded with white so that
its long side is at most this many times its short one: detection then sees at most
736x2944 (2.2 MP) whatever the shape. Phone screenshots (720x1600 tiles) are not padded."""


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether the extra is installed. Looked up, not imported: importing RapidOCR (OpenCV,
    ONNX Runtime) takes ~0.5 s per audit worker, and most audits OCR nothing. A broken install
    shows later, as an OCR error on the screenshot being read."""
    try:
        return find_spec("rapidocr_onnxruntime") is not None
    except (ImportError, ValueError):
        return False


@lru_cache(maxsize=1)
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)


def read_lines(img: Image.Image) -> tuple[Line, ...]:
    """Text lines top to bottom with their axis-aligned boxes in ``img`` pixel coordinates.

    Raises whatever RapidOCR raises; the caller turns failures into facts.
    """
    rgb = _padded(img.convert("RGB"))
    # RapidOCR takes a numpy array in OpenCV's BGR order; numpy comes with the extra.
    import numpy as np

    arr = np.asarray(rgb)[:, :, ::-1].copy()
    result, _elapsed = _engine()(arr, use_cls=False)
    lines: list[Line] = []
    for quad, text, score in result or ():
        if float(score) < MIN_SCORE or not str(text).strip():
            continue
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        x1, y1 = min(img.width, int(round(max(xs)))), min(img.height, int(round(max(ys))))
        box = (int(min(xs)), int(min(ys)), x1, y1)
        lines.append((str(text), box))
    lines.sort(key=lambda ln: (ln[1][1], ln[1][0]))
    return tuple(lines)


def _padded(rgb: Image.Image) -> Image.Image:
    """``rgb`` on a white canvas (right and bottom) no more than ``MAX_ASPECT`` times as long as
    it is wide, or as wide as it is long: the same pixel coordinates, bounded detection cost."""
    w, h = rgb.size
    pw, ph = max(w, -(-h // MAX_ASPECT)), max(h, -(-w // MAX_ASPECT))
    if (pw, ph) == (w, h):
        return rgb
    canvas = Image.new("RGB", (pw, ph), (255, 255, 255))
    canvas.paste(rgb, (0, 0))
    return canvas
