"""Reading videos with PyAV (the only module importing ``av``; its wheels bundle FFmpeg).

Bounded cost, whatever the length: one pass over the video stream's packets (their timestamps
only, for gaps) with the decoder told to skip every frame that is not a key frame
(``skip_frame="NONKEY"``), so a two-minute phone video decodes about 120 pictures, never 3,600;
each decoded key frame is looked at (``on_key``) and dropped before the next. ``frames_at`` seeks
to each wanted time and decodes one key frame there. Nothing here raises for a bad file: every
failure becomes ``Probe.error`` (cannot be opened) or ``Probe.damaged`` (opened, but cut short or
undecodable).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from PIL import Image

av: Any
try:
    import av
except ImportError:  # pragma: no cover - a core dependency; guarded so the audit still runs
    av = None

KeyFrameFn = Callable[[float, Image.Image], None]
"""Called with (seconds from the start, the upright key frame in greyscale)."""


@dataclass
class Probe:
    ok: bool = False
    error: str = ""
    """Why the file could not be opened as a video at all ('' when it could)."""
    damaged: str = ""
    """Why it is damaged or incomplete although it opened ('' when it decoded to the end)."""
    container: str = ""
    duration_s: float | None = None
    fps: float | None = None
    width: int | None = None
    height: int | None = None
    """Stored size (before rotation)."""
    rotation: int = 0
    """Clockwise degrees to turn a stored frame upright (ExifTool's Rotation)."""
    codec: str = ""
    audio_codec: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    """Container metadata, then the video stream's under ``stream:`` keys."""
    key_frames: int = 0
    frames_sampled: int = 0
    packets: int = 0
    last_s: float | None = None
    """Timestamp of the last video packet read."""
    gaps: list[tuple[float, float]] = field(default_factory=list)
    """(at seconds, jump in seconds) where consecutive frame timestamps jump."""


def available() -> bool:
    return av is not None


def _err(exc: BaseException) -> str:
    """FFmpeg's reason, without its errno and the file's path (the finding names the file)."""
    text = str(getattr(exc, "strerror", "") or exc).strip() or type(exc).__name__
    return text.rstrip(".")[:200]


def _upright(img: Image.Image, rotation: int) -> Image.Image:
    turn = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180,
            270: Image.Transpose.ROTATE_90}.get(rotation)  # fmt: skip
    return img.transpose(turn) if turn is not None else img


def _cw(ccw: Any) -> int:
    try:
        return int(round(-float(ccw))) % 360 // 90 * 90
    except (TypeError, ValueError):
        return 0


def _fit(width: int, height: int, side: int) -> tuple[int, int]:
    """(width, height) scaled down so the long side is at most ``side``; even numbers."""
    scale = min(1.0, side / max(width, height, 1))
    return max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)


def gaps_in(times: list[float], fps: float | None) -> list[tuple[float, float]]:
    """Jumps between consecutive frame timestamps (sorted: B-frames arrive out of order) of
    more than eight frame intervals and at least half a second: a cut, a pause or lost data.
    Phones vary the frame rate in low light (30 -> 15 fps), never by that much."""
    if len(times) < 2:
        return []
    ts = sorted(times)
    steps = sorted(b - a for a, b in zip(ts, ts[1:], strict=False) if b > a)
    if not steps:
        return []
    step = steps[len(steps) // 2] or (1 / fps if fps else 1 / 30)
    limit = max(0.5, 8 * step)
    return [(a, b - a) for a, b in zip(ts, ts[1:], strict=False) if b - a > limit]


def probe(
    path: str, on_key: KeyFrameFn | None = None, max_keys: int = 40, scan_side: int = 2000
) -> Probe:
    """Everything about the file at ``path``; ``on_key`` sees up to ``max_keys`` key frames
    spread evenly over the duration, their long side at most ``scan_side``. Never raises."""
    out = Probe()
    if av is None:  # pragma: no cover
        out.error = "PyAV is not installed"
        return out
    try:
        # export_xmp: the mov demuxer hands the XMP packet (udta/XMP_, uuid box) over as the
        # "xmp" tag; Adobe and some Android editors put the only zoned date there.
        container = av.open(path, options={"export_xmp": "1"}, metadata_errors="ignore")
    except Exception as exc:  # noqa: BLE001 - FFmpeg errors, OSError, anything from fuzzed input
        out.error = _err(exc)
        return out
    try:
        _read(container, out, on_key, max_keys, scan_side)
    except Exception as exc:  # noqa: BLE001
        out.damaged = out.damaged or _err(exc)
    finally:
        container.close()
    return out


def _header(container: Any, out: Probe) -> Any:
    out.container = container.format.name if container.format else ""
    out.tags = {str(k): str(v) for k, v in (container.metadata or {}).items()}
    if container.duration:
        out.duration_s = container.duration / 1_000_000
    videos = list(container.streams.video)
    audios = list(container.streams.audio)
    out.audio_codec = audios[0].codec_context.name if audios and audios[0].codec_context else ""
    if not videos:
        return None
    vs = videos[0]
    for k, v in (vs.metadata or {}).items():
        out.tags[f"stream:{k}"] = str(v)
    rate = vs.average_rate or vs.guessed_rate
    out.fps = float(rate) if rate else None
    out.width, out.height = vs.width or None, vs.height or None
    if vs.duration and vs.time_base and out.duration_s is None:
        out.duration_s = float(vs.duration * vs.time_base)
    return vs


def _read(
    container: Any, out: Probe, on_key: KeyFrameFn | None, max_keys: int, scan_side: int
) -> None:
    vs = _header(container, out)
    if vs is None:
        out.error = "no video stream"
        return
    ctx = vs.codec_context
    if ctx is None:
        out.damaged = "the video codec is unknown or the stream header is broken"
        return
    out.codec = ctx.name
    out.ok = True
    ctx.skip_frame = "NONKEY"
    tb = vs.time_base or Fraction(1, 90000)
    start = float(vs.start_time * tb) if vs.start_time is not None else 0.0
    times: list[float] = []
    every = (out.duration_s or 0) / max_keys if max_keys else math.inf
    next_at = -1.0
    rotation_seen = False

    def frames(decoded: Any) -> None:
        nonlocal next_at, rotation_seen
        for f in decoded:
            t = float(f.pts * tb) - start if f.pts is not None else 0.0
            if not rotation_seen:
                out.rotation, rotation_seen = _cw(f.rotation), True
            out.key_frames += 1
            if on_key is None or t < next_at or out.frames_sampled >= max_keys:
                continue
            next_at = t + every
            out.frames_sampled += 1
            w, h = _fit(f.width, f.height, scan_side)
            grey = f.reformat(width=w, height=h, format="gray").to_image()
            on_key(max(t, 0.0), _upright(grey, out.rotation))

    try:
        for pkt in container.demux(vs):
            if pkt.pts is not None:
                times.append(float(pkt.pts * tb) - start)
                out.packets += 1
            if pkt.size:
                frames(ctx.decode(pkt))
        frames(ctx.decode(None))
    except Exception as exc:  # noqa: BLE001 - cut short: keep what was read
        out.damaged = _err(exc)
    out.last_s = max(times) if times else None
    out.gaps = gaps_in(times, out.fps)
    if not out.key_frames and not out.damaged:
        out.damaged = "no picture could be decoded"
    if out.duration_s and out.last_s is not None and out.fps and not out.damaged:
        missing = out.duration_s - out.last_s - 2 / out.fps
        if missing > max(1.0, 0.1 * out.duration_s):
            out.damaged = f"the pictures stop at {out.last_s:.1f} s of {out.duration_s:.1f} s"


def frames_at(path: str, times: Sequence[float], side: int) -> Iterator[tuple[float, Image.Image]]:
    """(actual seconds, upright RGB image with its long side at most ``side``) of the key
    frame at or before each of ``times``, in order, each once; stops quietly at damage."""
    if av is None:  # pragma: no cover
        return
    try:
        # export_xmp: the mov demuxer hands the XMP packet (udta/XMP_, uuid box) over as the
        # "xmp" tag; Adobe and some Android editors put the only zoned date there.
        container = av.open(path, options={"export_xmp": "1"}, metadata_errors="ignore")
    except Exception:  # noqa: BLE001
        return
    try:
        vs = container.streams.video[0]
        ctx = vs.codec_context
        ctx.skip_frame = "NONKEY"
        tb = vs.time_base or Fraction(1, 90000)
        start = vs.start_time or 0
        seen: set[int] = set()
        rotation: int | None = None
        for want in times:
            try:
                container.seek(int(want / tb) + start, stream=vs, backward=True, any_frame=False)
                ctx.flush_buffers()
                frame = _first(container, vs, ctx)
            except Exception:  # noqa: BLE001 - a seek into damage: skip that time
                continue
            if frame is None or frame.pts in seen:
                continue
            seen.add(frame.pts)
            if rotation is None:
                rotation = _cw(frame.rotation)
            w, h = _fit(frame.width, frame.height, side)
            img = frame.reformat(width=w, height=h, format="rgb24").to_image()
            yield float((frame.pts - start) * tb), _upright(img, rotation)
    finally:
        container.close()


def _first(container: Any, vs: Any, ctx: Any) -> Any:
    for pkt in container.demux(vs):
        if not pkt.size:
            break
        for f in ctx.decode(pkt):
            return f
    for f in ctx.decode(None):
        return f
    return None
