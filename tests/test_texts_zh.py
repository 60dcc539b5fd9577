"""The register of the Chinese texts a recipient reads (../shared/review-texts.md): each test
pins one reviewed wording so it cannot come back."""

from __future__ import annotations

import pytest

from evidencekit.dossier.render.describe import embedding


def _converted(fmt: str, src: str = "png", **detail: object) -> dict[str, object]:
    return {
        "embedded": {"transform": "converted", "detail": {"from": src, "format": fmt, **detail}}
    }


@pytest.mark.parametrize(
    ("entry", "zh", "en"),
    [
        (
            _converted("flate"),
            "由PNG转换为无损压缩（Flate）格式",
            "converted once from PNG to a lossless",
        ),
        (
            _converted("jpeg", "heif", quality=90),
            "由HEIF转换为JPEG格式，质量参数90",
            "converted once from HEIF to JPEG, quality 90",
        ),
        (_converted("webp", "tiff"), "由TIFF转换为WEBP格式", "converted once from TIFF to WEBP"),
        (
            _converted("flate", downscaled={"to": [1010, 2245]}),
            "由PNG转换为无损压缩（Flate）格式，缩小至1010×2245像素",
            "downscaled to 1010×2245 px",
        ),
        (
            {"embedded": {"transform": "metadata-stripped", "detail": {"removed": ["APP1 Exif"]}}},
            "无损去除EXIF元数据，图像数据未重新编码",
            "EXIF metadata removed losslessly",
        ),
    ],
)
def test_embedding_in_plain_words(entry: dict[str, object], zh: str, en: str) -> None:
    """Review item 15: "由 PNG 转换一次为 无损 Flate" -> "由PNG转换为无损压缩（Flate）格式"."""
    text = embedding(entry, "zh")
    assert text == zh
    assert " " not in text and "一次" not in text and "APP1" not in text
    assert en in embedding(entry, "en")
