"""``ImageMeta`` to and from JSON, for the audit's content-keyed cache (imagecache).

JSON rather than pickle: the cache folder is just files, and unpickling runs code. Only the
types ImageMeta holds are handled (enum, GPS, time claims with naive datetimes); a field this
module does not know makes ``ImageMeta(**...)`` raise, and the cache entry is then ignored.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from evidencekit.models import ExifState, Gps, ImageMeta, TimeClaim, VideoInfo


def meta_to_json(meta: ImageMeta) -> dict[str, Any]:
    d = dataclasses.asdict(meta)
    d["exif_state"] = meta.exif_state.value
    d["claims"] = [{**dataclasses.asdict(c), "local": c.local.isoformat()} for c in meta.claims]
    return d


def meta_from_json(d: dict[str, Any]) -> ImageMeta:
    d = dict(d)
    d["exif_state"] = ExifState(d["exif_state"])
    d["gps"] = Gps(**d["gps"]) if d.get("gps") else None
    d["claims"] = tuple(
        TimeClaim(**{**c, "local": datetime.fromisoformat(c["local"])}) for c in d["claims"]
    )
    if d.get("video"):
        v = dict(d["video"])
        v["gaps"] = tuple(tuple(g) for g in v.get("gaps", ()))
        v["barcodes"] = tuple(tuple(b) for b in v.get("barcodes", ()))
        v["edit_tags"] = tuple(v.get("edit_tags", ()))
        d["video"] = VideoInfo(**v)
    return ImageMeta(**d)
