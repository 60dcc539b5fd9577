"""Photo files: camera JPEG, iPhone-style HEIC (with ``iloc`` flattening) and edge cases."""

from __future__ import annotations

import io
import os
import struct
from datetime import timedelta
from pathlib import Path

from PIL import Image

from evidencekit.testing.imagegen._common import (
    DEFAULT_WAYBILL,
    PHOTOSHOP,
    Scene,
    exif_time,
    parse_local,
    set_mtime,
    wechat_name,
)
from evidencekit.testing.imagegen.exif import _thumbnail_jpeg, _with_thumbnail, build_exif
from evidencekit.testing.imagegen.scenes import _stored_pixels

# --------------------------------------------------------------------------- photos


def camera_jpeg(
    path: str | os.PathLike[str],
    *,
    size: tuple[int, int] = (1600, 1200),
    taken: str | None = "2025-12-15 17:02:33",
    offset: str | None = "+08:00",
    make: str | None = "Xiaomi",
    model: str | None = "2211133C",
    software: str | None = None,
    orientation: int | None = 1,
    gps: tuple[float, float] | None = None,
    subsec: str | None = None,
    text: str | None = None,
    seed: int = 0,
    quality: int = 85,
    modify_date: str | None = None,
    serial: str | None = None,
    scene: Scene = "product",
    waybill: str = DEFAULT_WAYBILL,
    exif: bool = True,
    thumbnail: bool = True,
) -> Path:
    """Write a phone-camera JPEG with real EXIF; returns the path.

    ``size`` is the stored pixel size (for orientation 5-8 the upright image is size swapped).
    ``waybill`` is the number on the ``parcel`` scene's label, printed and encoded as a real
    Code 128 barcode (decodable at phone-photo sizes such as 1440x1080); ``carton`` shows no
    label. ``exif=False`` writes no EXIF at all (as messengers do). ``thumbnail`` embeds an IFD1
    JPEG thumbnail of the final picture, as cameras do. Parent folders are created.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    img = _stored_pixels(size, orientation, scene=scene, seed=seed, text=text, waybill=waybill)
    kwargs: dict[str, object] = {"quality": quality}
    if exif:
        ex = build_exif(
            taken=taken,
            offset=offset,
            make=make,
            model=model,
            software=software,
            orientation=orientation,
            gps=gps,
            subsec=subsec,
            modify_date=modify_date,
            serial=serial,
        )
        data = ex.tobytes()
        if thumbnail:
            data = _with_thumbnail(data, _thumbnail_jpeg(img))
        kwargs["exif"] = data
    buf = io.BytesIO()
    img.save(buf, "JPEG", **kwargs)
    out.write_bytes(buf.getvalue())
    return out


def heif_supported() -> bool:
    """True when pillow_heif is importable and can encode HEIC."""
    try:
        import pillow_heif
    except ImportError:
        return False
    try:
        pillow_heif.register_heif_opener()
        buf = io.BytesIO()
        Image.new("RGB", (16, 16), (128, 128, 128)).save(buf, format="HEIF", quality=50)
    except Exception:  # noqa: BLE001 - any encoder failure means "unsupported"
        return False
    return buf.tell() > 0


def heic(
    path: str | os.PathLike[str],
    *,
    size: tuple[int, int] = (1600, 1200),
    taken: str | None = "2025-12-15 17:05:10",
    offset: str | None = "+08:00",
    make: str | None = "Apple",
    model: str | None = "iPhone 14 Pro",
    software: str | None = "17.1.2",
    orientation: int | None = 1,
    gps: tuple[float, float] | None = None,
    subsec: str | None = None,
    text: str | None = None,
    seed: int = 0,
    quality: int = 60,
    scene: Scene = "product",
    flat_iloc: bool = True,
) -> Path | None:
    """Write an iPhone-style HEIC with EXIF (big-endian, like Apple); None if unsupported.

    libheif writes item locations as ``base_offset + extent_offset``; exifread 3.5 ignores
    the base offset and then fails on the Exif item. ``flat_iloc=True`` (default) rewrites
    the ``iloc`` box in place to zero base offsets and absolute extent offsets (equivalent,
    and readable by exifread); ``flat_iloc=False`` keeps libheif's layout, a valid file that
    exercises a reader's fallback.
    """
    if not heif_supported():
        return None
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    img = _stored_pixels(size, orientation, scene=scene, seed=seed, text=text)
    ex = build_exif(
        taken=taken,
        offset=offset,
        make=make,
        model=model,
        software=software,
        orientation=orientation,
        gps=gps,
        subsec=subsec,
        big_endian=True,
    )
    buf = io.BytesIO()
    img.save(buf, format="HEIF", quality=quality, exif=ex.tobytes())
    data = buf.getvalue()
    out.write_bytes(flatten_iloc(data) if flat_iloc else data)
    return out


def _boxes(data: bytes | bytearray, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """ISO-BMFF child boxes in ``data[start:end]`` as (type, header start, payload start)."""
    out = []
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", data[pos + 8 : pos + 16])
            header = 16
        elif size == 0:
            size = end - pos
        if size < header:
            break
        out.append((kind, pos, pos + header))
        pos += size
    return out


def flatten_iloc(data: bytes) -> bytes:
    """Fold every ``iloc`` base offset into its extent offsets (same length, same meaning).

    Returns ``data`` unchanged when the layout is not the simple case (file offsets,
    construction method 0, 4/8-byte offset fields).
    """
    buf = bytearray(data)
    meta = next((b for b in _boxes(buf, 0, len(buf)) if b[0] == b"meta"), None)
    if meta is None:
        return data
    meta_end = meta[1] + struct.unpack(">I", buf[meta[1] : meta[1] + 4])[0]
    iloc = next((b for b in _boxes(buf, meta[2] + 4, meta_end) if b[0] == b"iloc"), None)
    if iloc is None:
        return data
    pos = iloc[2]
    version = buf[pos]
    pos += 4
    offset_size, length_size = buf[pos] >> 4, buf[pos] & 15
    base_size, index_size = buf[pos + 1] >> 4, buf[pos + 1] & 15
    pos += 2
    if version not in (0, 1, 2) or offset_size not in (4, 8) or base_size not in (0, 4, 8):
        return data
    if base_size == 0:
        return data
    fmt = {4: ">I", 8: ">Q"}
    id_size = 4 if version == 2 else 2
    (count,) = struct.unpack(">I" if version == 2 else ">H", buf[pos : pos + id_size])
    pos += id_size
    for _ in range(count):
        pos += id_size  # item_ID
        if version in (1, 2):
            if struct.unpack(">H", buf[pos : pos + 2])[0] & 15:
                return data  # idat / item construction: not file offsets
            pos += 2
        pos += 2  # data_reference_index
        (base,) = struct.unpack(fmt[base_size], buf[pos : pos + base_size])
        struct.pack_into(fmt[base_size], buf, pos, 0)
        pos += base_size
        (extents,) = struct.unpack(">H", buf[pos : pos + 2])
        pos += 2
        for _ in range(extents):
            if version in (1, 2) and index_size:
                pos += index_size
            (off,) = struct.unpack(fmt[offset_size], buf[pos : pos + offset_size])
            struct.pack_into(fmt[offset_size], buf, pos, off + base)
            pos += offset_size + length_size
    return bytes(buf)


# --------------------------------------------------------------------------- edge cases


def corrupt_file(
    path: str | os.PathLike[str], *, keep: float = 0.6, **camera_kwargs: object
) -> Path:
    """A truncated JPEG: a valid camera JPEG cut after ``keep`` of its bytes."""
    out = camera_jpeg(path, **camera_kwargs)  # type: ignore[arg-type]
    data = out.read_bytes()
    out.write_bytes(data[: int(len(data) * keep)])
    return out


def lying_extension(path: str | os.PathLike[str], **camera_kwargs: object) -> Path:
    """JPEG bytes under whatever extension ``path`` has (e.g. ``.heic`` or ``.png``)."""
    buf_path = Path(path)
    buf_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = buf_path.with_name(buf_path.name + ".tmp.jpg")
    camera_jpeg(tmp, **camera_kwargs)  # type: ignore[arg-type]
    tmp.replace(buf_path)
    return buf_path


def edited_photo(
    path: str | os.PathLike[str],
    *,
    taken: str = "2025-12-15 17:06:41",
    modify_date: str | None = None,
    software: str = PHOTOSHOP,
    **camera_kwargs: object,
) -> Path:
    """A camera photo re-saved by an editor: Software set, DateTime a day after capture."""
    if modify_date is None:
        modify_date = exif_time(parse_local(taken) + timedelta(days=1, hours=2, minutes=13))
    return camera_jpeg(
        path,
        taken=taken,
        modify_date=modify_date,
        software=software,
        **camera_kwargs,  # type: ignore[arg-type]
    )


def messenger_photo(
    directory: str | os.PathLike[str],
    *,
    sent: str = "2025-12-15 17:22:33",
    offset: str = "+08:00",
    millis: int = 123,
    size: tuple[int, int] = (1280, 960),
    seed: int = 0,
    scene: Scene = "product",
    quality: int = 80,
) -> Path:
    """A WeChat-forwarded picture: recompressed, no EXIF, named ``mmexport<ms>.jpg``.

    The file's mtime is set to ``sent``.
    """
    out = Path(directory) / wechat_name(sent, offset, millis)
    camera_jpeg(out, size=size, seed=seed, scene=scene, quality=quality, exif=False)
    set_mtime(out, sent, offset)
    return out


def ds_store(path: str | os.PathLike[str]) -> Path:
    """A small, fixed macOS ``.DS_Store`` (clutter that must not become evidence)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    head = b"\x00\x00\x00\x01Bud1" + struct.pack(">III", 0x1000, 0x800, 0x1000)
    body = head + b"\x00" * 16 + b"\x00\x00\x00\x02\x00\x00\x00\x00"
    out.write_bytes(body + b"\x00" * (6148 - len(body)))
    return out
