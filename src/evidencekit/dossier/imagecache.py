"""Prepared exhibit images: made in parallel worker processes and cached by content.

Preparing an image (decode, turn upright, scale, encode) is the costly part of a build and is
the same every time for the same bytes and settings. Each result is stored under a key made of
the original's SHA-256, the preparation settings and the tool version, so a rebuild after adding
one photo prepares one photo. The cache holds only derived data; deleting it is always safe.
Location: ``CASE/dossier/.cache`` for the default output, else the user cache folder
(``$XDG_CACHE_HOME/evidencekit``); ``EVIDENCEKIT_CACHE=0`` turns it off.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from evidencekit import __version__
from evidencekit._io import confined, read_evidence, sha256_file
from evidencekit.cache import user_cache_dir, write_new
from evidencekit.case import rawfile
from evidencekit.dossier.imaging import (
    Fit,
    ImageError,
    PreparedImage,
    prepare_image,
    untouched_jpeg,
)
from evidencekit.options import DEFAULT_MAX_PIXELS
from evidencekit.progress import Progress, report

CACHE_FORMAT = 1
"""Bump when imaging's output for the same input and settings changes."""
PARALLEL_THRESHOLD = 4


class SourceChanged(Exception):
    """The original's bytes are not the ones the audit hashed (edited during the build)."""


@dataclass(frozen=True)
class PrepJob:
    path: str
    """The item's path in the case (the result key)."""
    source: str
    """Absolute path of the original file."""
    sha256: str
    keep_metadata: bool
    fit: Fit | None
    redact: tuple[tuple[int, int, int, int], ...] = ()
    max_pixels: int = DEFAULT_MAX_PIXELS
    """The decode limit (``--max-pixels``): a JPEG above it is embedded at a DCT scale."""
    video: tuple[float, tuple[float, ...], str, bool] | None = None
    """A video exhibit: (duration s, barcode frame times, local start ISO or '', portrait);
    its image is the contact sheet (``audit.video.sheet``)."""
    raw_preview: bool = False
    """A camera RAW: its image is the embedded JPEG preview (``case.rawfile``)."""

    def prepare(self, data: bytes) -> PreparedImage:
        """``data`` (the original, or a RAW's preview) prepared with this job's settings."""
        return prepare_image(
            data,
            keep_metadata=self.keep_metadata,
            fit=self.fit,
            redact=self.redact,
            max_pixels=self.max_pixels,
        )


def default_cache_dir(case_dir: Path, output: Path) -> Path | None:
    if os.environ.get("EVIDENCEKIT_CACHE", "1") == "0":
        return None
    dossier = (case_dir / "dossier").resolve()
    if output.resolve().parent == dossier:
        return confined(case_dir, case_dir / "dossier" / ".cache")
    return user_cache_dir()


def cache_key(job: PrepJob) -> str:
    fit = dataclasses.asdict(job.fit) if job.fit else None
    spec = [CACHE_FORMAT, __version__, job.sha256, job.keep_metadata, fit, job.redact]
    if job.max_pixels != DEFAULT_MAX_PIXELS:  # (keys made before the option stay valid)
        spec.append(job.max_pixels)
    if job.video is not None:
        spec.append(list(job.video))
    if job.raw_preview:
        spec.append("raw-preview")
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()


def _load(cache: Path, key: str, spool: bool) -> PreparedImage | None:
    meta_file, data_file = cache / f"{key}.json", cache / f"{key}.bin"
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        if spool:  # only the hash is needed here (splice copies the file): streamed
            stream, digest = _placeholder(key), sha256_file(data_file)
        else:
            stream = data_file.read_bytes()
            digest = hashlib.sha256(stream).hexdigest()
    except (OSError, ValueError):
        return None
    if digest != meta.pop("stream_sha256", None):
        return None  # a damaged or half-written entry is ignored and rewritten
    meta.pop("spool", None)
    return PreparedImage(stream=stream, spool=str(data_file) if spool else "", **meta)


def _placeholder(key: str) -> bytes:
    from evidencekit.dossier.splice import token

    return token(key[:32])


def _store(cache: Path, key: str, img: PreparedImage) -> None:
    skip = ("stream", "spool")
    meta = {f.name: getattr(img, f.name) for f in dataclasses.fields(img) if f.name not in skip}
    meta["stream_sha256"] = hashlib.sha256(img.stream).hexdigest()
    try:
        cache.mkdir(parents=True, exist_ok=True)
        # Renamed into place but not fsynced: _load checks every entry against its SHA-256, so
        # an entry torn by a crash is ignored and remade (syncing 700 MB cost seconds).
        write_new(cache / f"{key}.bin", img.stream)
        meta_text = json.dumps(meta, sort_keys=True, default=str)
        write_new(cache / f"{key}.json", meta_text.encode("utf-8"))
    except OSError:
        pass  # a cache that cannot be written only costs time


def prepare_one(job: PrepJob, cache: Path | None, spool: bool = False) -> PreparedImage | None:
    """Prepared image for ``job`` (from the cache when possible); None when it cannot be made.

    ``spool``: return a placeholder stream and leave the real one in the cache file, so the
    caller never holds image data (splice.py puts it into the PDF); needs a cache folder.
    """
    if spool and job.keep_metadata and job.sha256 and not job.redact and not job.raw_preview:
        # Embedded byte for byte: splice copies the file from the case and checks its SHA-256
        # while copying, so only the headers are read here.
        plain = untouched_jpeg(Path(job.source), job.fit, job.max_pixels)
        if plain is not None:
            return dataclasses.replace(
                plain, stream=_placeholder(job.sha256), spool=job.source, sha256=job.sha256
            )
    key = cache_key(job)
    if cache is not None:
        hit = _load(cache, key, spool)
        if hit is not None:
            return hit
    try:
        if job.video is not None:
            img = _video_sheet(job)
            data = b""
        else:
            data = read_evidence(job.source, None)
            if job.sha256 and hashlib.sha256(data).hexdigest() != job.sha256:
                raise SourceChanged(job.path)
            if job.raw_preview:
                return _raw_preview(job, data, cache)
            img = job.prepare(data)
    except SourceChanged:
        raise
    except (ImageError, OSError):
        return None
    except Exception:  # noqa: BLE001 - fuzzed files make Pillow's decoders raise anything
        return None  # the file is listed as not embedded; the rest of the dossier builds
    if spool and img.transform == "passthrough" and img.stream == data and job.sha256:
        # The stream is the original file itself: splice copies it from the case folder (and
        # checks it against job.sha256 while doing so); no cache copy of 3-4 MB per photo.
        return dataclasses.replace(img, stream=_placeholder(job.sha256), spool=job.source)
    if cache is not None:
        _store(cache, key, img)
        if spool and (cache / f"{key}.bin").is_file():
            return dataclasses.replace(
                img, stream=_placeholder(key), spool=str(cache / f"{key}.bin")
            )
    return img


def _raw_preview(job: PrepJob, data: bytes, cache: Path | None) -> PreparedImage | None:
    """The RAW's embedded JPEG preview, prepared like a JPEG (never spooled from the case:
    the stream is not the original file); the RAW itself is the attached original."""
    preview = rawfile.preview(data)
    if preview is None:
        return None
    img = job.prepare(preview)
    img = dataclasses.replace(img, detail={**img.detail, "raw_preview": True})
    if cache is not None:
        _store(cache, cache_key(job), img)
    return img


def _video_sheet(job: PrepJob) -> PreparedImage:
    """The contact sheet of a video exhibit, prepared like a JPEG; the video itself is hashed
    as a stream (never read into memory) and must still be the one the audit saw."""
    from datetime import datetime

    from evidencekit.audit.video.sheet import contact_sheet

    assert job.video is not None
    if job.sha256 and sha256_file(Path(job.source)) != job.sha256:
        raise SourceChanged(job.path)
    duration, codes, start, portrait = job.video
    when = datetime.fromisoformat(start) if start else None
    try:
        sheet, detail = contact_sheet(job.source, duration, codes, when, portrait)
    except ValueError as exc:
        raise ImageError(str(exc)) from exc
    img = prepare_image(sheet, keep_metadata=True, fit=job.fit, redact=job.redact)
    return dataclasses.replace(
        img, transform="contact-sheet", detail={**img.detail, **detail, "sheet": img.transform}
    )


def prepare_many(
    jobs: list[PrepJob],
    cache: Path | None,
    workers: int = 0,
    spool: bool = False,
    progress: Progress | None = None,
) -> list[PreparedImage | None]:
    """``prepare_one`` for every job, in order, using ``workers`` processes (0 = all CPUs);
    ``progress(done, total)`` after each."""
    n = workers or os.cpu_count() or 1
    args = (jobs, [cache] * len(jobs), [spool] * len(jobs))
    if n > 1 and len(jobs) >= PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=n) as pool:
            return _collect(pool.map(prepare_one, *args, chunksize=1), len(jobs), progress)
    return _collect(map(prepare_one, *args), len(jobs), progress)


def _collect(
    results: Iterable[PreparedImage | None], total: int, progress: Progress | None
) -> list[PreparedImage | None]:
    out: list[PreparedImage | None] = []
    for img in results:
        out.append(img)
        report(progress, len(out), total)
    return out
