"""Deterministic, realistic-looking evidence images for tests and the bundled sample case.

Everything here is a pure function of its arguments: randomness comes only from
``random.Random(seed)``, never from the clock, so the same call writes the same bytes
(for a given Pillow / libjpeg / zlib / FreeType build).

* :func:`camera_jpeg` - a phone-camera JPEG with real EXIF (IFD0, Exif IFD, GPS IFD and an
  IFD1 thumbnail) over a drawn "photo" (suitcase with a scratch, a close-up with a ruler,
  a parcel with an SF waybill label carrying a real, decodable Code 128 of the waybill
  number, or a plain shipping carton seen from above with no label in view).
* :func:`screenshot_png` - a phone screenshot (chat, product listing or order page) with CJK
  text in the bundled Noto Sans SC font; no EXIF, optionally a PNG ``Creation Time`` chunk.
* :func:`heic` - the same photo as an iPhone-style HEIC (needs pillow_heif with an encoder).
* Edge cases: :func:`corrupt_file`, :func:`lying_extension`, :func:`edited_photo`,
  :func:`messenger_photo`, :func:`ds_store`.

Time arguments are wall-clock strings (``"2025-12-15 17:02:33"``, seconds optional, EXIF's
``"2025:12:15 17:02:33"`` also accepted); offsets are ``"+08:00"`` style.
"""

from __future__ import annotations

from evidencekit.testing.imagegen._common import (
    DEFAULT_ORDER_ID,
    DEFAULT_WAYBILL,
    PHOTOSHOP,
    RGB,
    Scene,
    ScreenKind,
    epoch,
    exif_time,
    font,
    font_dir,
    parse_local,
    parse_offset,
    set_mtime,
    sha256_file,
    wechat_name,
)
from evidencekit.testing.imagegen.exif import (
    TAG_BODY_SERIAL,
    TAG_DATETIME,
    TAG_DATETIME_DIGITIZED,
    TAG_DATETIME_ORIGINAL,
    TAG_EXIF_IFD,
    TAG_GPS_IFD,
    TAG_MAKE,
    TAG_MODEL,
    TAG_OFFSET_TIME,
    TAG_OFFSET_TIME_DIGITIZED,
    TAG_OFFSET_TIME_ORIGINAL,
    TAG_ORIENTATION,
    TAG_SOFTWARE,
    TAG_SUBSEC_TIME_ORIGINAL,
    build_exif,
)
from evidencekit.testing.imagegen.photos import (
    camera_jpeg,
    corrupt_file,
    ds_store,
    edited_photo,
    flatten_iloc,
    heic,
    heif_supported,
    lying_extension,
    messenger_photo,
)
from evidencekit.testing.imagegen.scenes import INVERSE_ORIENTATION, render_photo
from evidencekit.testing.imagegen.screen_parts import (
    CHAT_BG,
    DEFAULT_CHAT,
    DEFAULT_LISTING,
    ORANGE,
    WECHAT_GREEN,
)
from evidencekit.testing.imagegen.screens import screenshot_png
from evidencekit.testing.imagegen.waybill import CODE128_QUIET, code128_modules

# The split into modules is an implementation detail: everything is imported from here.
__all__ = [
    # types and constants
    "Scene",
    "ScreenKind",
    "RGB",
    "PHOTOSHOP",
    "DEFAULT_WAYBILL",
    "DEFAULT_ORDER_ID",
    "TAG_MAKE",
    "TAG_MODEL",
    "TAG_ORIENTATION",
    "TAG_SOFTWARE",
    "TAG_DATETIME",
    "TAG_EXIF_IFD",
    "TAG_GPS_IFD",
    "TAG_DATETIME_ORIGINAL",
    "TAG_DATETIME_DIGITIZED",
    "TAG_OFFSET_TIME",
    "TAG_OFFSET_TIME_ORIGINAL",
    "TAG_OFFSET_TIME_DIGITIZED",
    "TAG_SUBSEC_TIME_ORIGINAL",
    "TAG_BODY_SERIAL",
    "CODE128_QUIET",
    "INVERSE_ORIENTATION",
    "ORANGE",
    "WECHAT_GREEN",
    "CHAT_BG",
    "DEFAULT_CHAT",
    "DEFAULT_LISTING",
    # fonts and times
    "font_dir",
    "font",
    "parse_local",
    "parse_offset",
    "exif_time",
    "epoch",
    "set_mtime",
    "wechat_name",
    # EXIF
    "build_exif",
    # scenes and photos
    "code128_modules",
    "render_photo",
    "camera_jpeg",
    "heif_supported",
    "heic",
    "flatten_iloc",
    # edge cases
    "corrupt_file",
    "lying_extension",
    "edited_photo",
    "messenger_photo",
    "ds_store",
    # screenshots
    "screenshot_png",
    "sha256_file",
]
