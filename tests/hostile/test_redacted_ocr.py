"""Issue 19: OCR text of a region the user redacted (case.toml ``redact``) is neither in
``audit --json`` ``pixels.text`` nor reported as a readable mobile number (EK476)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from evidencekit.audit.ocr import available
from evidencekit.fonts import font_paths
from tests.hostile.crashcase import CASE_HEAD, make_case, run

PHONE = "13812345678"


def _chat(path: Path) -> None:
    im = Image.new("RGB", (1080, 1400), (255, 255, 255))
    d = ImageDraw.Draw(im)
    font = ImageFont.truetype(str(font_paths()[0]), 56)
    d.text((60, 200), "收到货了，箱子有划痕", fill=(0, 0, 0), font=font)
    d.text((60, 700), f"手机 {PHONE}", fill=(0, 0, 0), font=font)
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "PNG")


def _audit(case: Path) -> dict:
    code, out = run("audit", str(case), "--json")
    assert code in (0, 1), out
    return json.loads(out)


@pytest.mark.skipif(not available(), reason="needs the OCR extra")
def test_redacted_text_is_not_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVIDENCEKIT_OCR", "1")
    case = make_case(tmp_path / "c")
    _chat(case / "chat" / "talk.png")
    doc = _audit(case)
    item = next(it for it in doc["items"] if it["path"] == "chat/talk.png")
    lines = item["pixels"]["text"]
    phone = [ln for ln in lines if PHONE in ln["text"]]
    assert phone, lines  # unredacted: read, and reported
    codes = [f["code"] for it in doc["items"] for f in it["findings"]]
    assert "EK476" in codes
    x0, y0, x1, y1 = phone[0]["box"]
    (case / "case.toml").write_text(
        CASE_HEAD + f'[[file]]\npath = "chat/talk.png"\nredact = [[{x0 - 10}, {y0 - 10}, '
        f"{x1 - x0 + 20}, {y1 - y0 + 20}]]\n",
        encoding="utf-8",
    )
    doc = _audit(case)
    item = next(it for it in doc["items"] if it["path"] == "chat/talk.png")
    text = json.dumps(item["pixels"]["text"], ensure_ascii=False)
    assert PHONE not in text and "划痕" in text, text  # the rest is still read
    assert PHONE not in json.dumps(doc, ensure_ascii=False)
    assert "EK476" not in [f["code"] for it in doc["items"] for f in it["findings"]]
    code, out = run("build", str(case))  # the rest of the case still builds
    assert code == 0, out
