"""EXIF tag numbers (EXIF 2.32 / CIPA DC-008) and the normalised tag map both readers produce.

A ``TagMap`` is keyed by (IFD group, tag number) so exifread's and Pillow's readings are
interchangeable: values are ``str`` (ASCII), ``int``/``float`` or a tuple of them, or ``bytes``.
"""

from __future__ import annotations

TagValue = str | int | float | bytes | tuple[int | float, ...]
TagMap = dict[tuple[str, int], TagValue]

# Pillow addresses IFD1 (the thumbnail IFD) as ExifTags.IFD.IFD1 == -1.
GROUP_POINTERS = {"IFD0": 0, "ExifIFD": 0x8769, "GPS": 0x8825, "IFD1": -1}

MAKE, MODEL, ORIENTATION, SOFTWARE, DATETIME, HOST_COMPUTER = (
    0x010F,
    0x0110,
    0x0112,
    0x0131,
    0x0132,
    0x013C,
)
DATETIME_ORIGINAL, DATETIME_DIGITIZED = 0x9003, 0x9004
MAKER_NOTE = 0x927C
# OffsetTime* were added in EXIF 2.31 (2016): "+HH:MM" for DateTime, ...Original, ...Digitized.
OFFSET_TIME, OFFSET_TIME_ORIGINAL, OFFSET_TIME_DIGITIZED = 0x9010, 0x9011, 0x9012
SUBSEC_TIME, SUBSEC_TIME_ORIGINAL, SUBSEC_TIME_DIGITIZED = 0x9290, 0x9291, 0x9292
GPS_LAT_REF, GPS_LAT, GPS_LON_REF, GPS_LON, GPS_ALT_REF, GPS_ALT = 1, 2, 3, 4, 5, 6
GPS_TIMESTAMP, GPS_DATESTAMP = 7, 0x1D

# Serial numbers and owner names identify the buyer's camera (privacy warning).
# 0xA430-0xA435: EXIF 2.3 CameraOwnerName, BodySerialNumber, LensSerialNumber;
# 0xC62F: DNG CameraSerialNumber; 0xFDE8/0xFDE9: Adobe Camera Raw OwnerName/SerialNumber.
SERIAL_TAGS = (
    ("ExifIFD", 0xA430),
    ("ExifIFD", 0xA431),
    ("ExifIFD", 0xA435),
    ("IFD0", 0xC62F),
    ("ExifIFD", 0xFDE8),
    ("ExifIFD", 0xFDE9),
    ("IFD0", 0xA431),
)
