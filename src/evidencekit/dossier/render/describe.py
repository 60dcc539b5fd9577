"""Plain-words descriptions shared by the exhibit pages and the appendix."""

from __future__ import annotations

from typing import Any

from evidencekit.dossier.render.facts import removed_segments
from evidencekit.dossier.render.i18n import t
from evidencekit.models import VideoInfo


def embedding(entry: dict[str, Any], lang: str) -> str:
    """What was done to a file for embedding, from its manifest entry."""
    emb = entry.get("embedded")
    if not emb:
        return t(lang, "ap_not_embedded", why=t(lang, entry.get("not_embedded", "why_failed")))
    tr, d = emb["transform"], emb.get("detail", {})
    if d.get("raw_preview"):
        # The exhibit shows the JPEG the camera embedded, not the RAW's own pixels: say so.
        rest = dict(emb, detail={k: v for k, v in d.items() if k != "raw_preview"})
        return t(lang, "t_raw") + embedding({**entry, "embedded": rest}, lang)
    if tr == "passthrough":
        return t(lang, "t_passthrough")
    if tr == "metadata-stripped":
        return t(lang, "t_stripped", segs=removed_segments(list(d.get("removed", [])), lang))
    if tr == "contact-sheet":
        return t(lang, "t_sheet", n=d.get("frames", "?"))
    fmt = _format_name(str(d.get("format") or "jpeg"), lang)
    text = t(lang, "t_converted", src=str(d.get("from", "?")).upper(), fmt=fmt)
    if "quality" in d:
        text += t(lang, "t_q", q=d["quality"])
    if "downscaled" in d:
        w, h = d["downscaled"]["to"]
        text += t(lang, "t_down", w=w, h=h)
    if "alpha" in d:
        text += t(lang, "t_alpha")
    if "frame" in d:
        text += t(lang, "t_frame", n=str(d["frame"]).split()[-1])
    if tr == "redacted":
        text += t(lang, "t_redacted")
    return text


def _format_name(fmt: str, lang: str) -> str:
    """The embedded image's format in words: flate -> 无损压缩（Flate）, jpeg -> JPEG."""
    if fmt.lower() == "flate":
        return t(lang, "lossless")
    return "JPEG" if fmt.lower() in ("jpeg", "jpg") else fmt.upper()


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    s = int(round(seconds))
    return f"{s // 60:02d}:{s % 60:02d}" if s >= 1 else f"{seconds:.2f} s"


def video_facts(v: VideoInfo, lang: str) -> str:
    """Duration, codec, frame rate and sound of a video exhibit: facts only."""
    codec = {"h264": "H.264", "hevc": "HEVC (H.265)"}.get(v.codec, v.codec.upper() or "?")
    fps = f"{v.fps:.0f} fps" if v.fps else "? fps"
    audio = t(lang, "with_audio" if v.has_audio else "no_audio")
    return t(
        lang, "video_facts", dur=duration_text(v.duration_s), codec=codec, fps=fps, audio=audio
    )
