from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from evidencekit.audit.timestamps import resolve
from evidencekit.models import Confidence, TimeClaim

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def c(source: str, local: str, off: int | None = None) -> TimeClaim:
    return TimeClaim(source, datetime.fromisoformat(local), off, local)


def test_exif_with_offset_is_high() -> None:
    r = resolve([c("exif:DateTimeOriginal", "2025-12-15 17:02:33", 480)], TZ, NOW)
    assert r.capture.confidence is Confidence.HIGH
    assert r.capture.isoformat() == "2025-12-15T17:02:33+08:00"
    assert r.capture.offset_assumed is False


def test_missing_offset_is_assumed_and_medium() -> None:
    r = resolve([c("exif:DateTimeOriginal", "2025-12-15 17:02:33")], ZoneInfo("Europe/Berlin"), NOW)
    assert r.capture.offset_assumed is True
    assert r.capture.offset_minutes == 60
    assert r.capture.confidence is Confidence.MEDIUM


def test_offset_derived_from_gps() -> None:
    r = resolve(
        [c("exif:DateTimeOriginal", "2025-12-15 17:02:33"), c("gps", "2025-12-15 08:02:30", 0)],
        TZ,
        NOW,
    )
    assert r.offset_from_gps and r.capture.offset_minutes == 540
    assert r.capture.confidence is Confidence.HIGH and not r.disagreements


def test_camera_default_and_future_are_rejected_and_fall_back() -> None:
    r = resolve(
        [
            c("exif:DateTimeOriginal", "2002-12-08 12:00:00"),
            c("exif:CreateDate", "2099-01-01 00:00:00"),
            c("filename:android-camera", "2025-12-15 17:02:33"),
        ],
        TZ,
        NOW,
    )
    assert r.capture.source == "filename:android-camera"
    assert [why for _, why in r.rejected] == [
        "a camera's factory-default date (the clock was never set)",
        "in the future",
    ]


def test_disagreement_and_zone_only() -> None:
    r = resolve(
        [
            c("exif:DateTimeOriginal", "2025-12-15 17:02:33", 480),
            c("filename:android-camera", "2025-12-10 09:00:00"),
            c("gps", "2025-12-15 17:02:00", 0),  # device clock set to UTC+8 but GPS says 8 h off
        ],
        TZ,
        NOW,
    )
    kinds = {d.other.source: d.zone_only for d in r.disagreements}
    assert kinds == {"filename:android-camera": False, "gps": True}


def test_utc_name_shown_in_case_time() -> None:
    r = resolve([c("filename:pixel", "2025-12-15 09:02:33", 0)], TZ, NOW)
    assert r.capture.isoformat() == "2025-12-15T17:02:33+08:00"


def test_nothing_gives_none() -> None:
    r = resolve([], TZ, NOW)
    assert r.capture.local is None and r.capture.confidence is Confidence.NONE


times = st.datetimes(min_value=datetime(2011, 1, 1), max_value=datetime(2025, 12, 31))


@given(times, st.one_of(st.none(), st.integers(-12, 14).map(lambda h: h * 60)))
def test_resolved_instant_equals_claim_instant(t: datetime, off: int | None) -> None:
    r = resolve([TimeClaim("exif:DateTimeOriginal", t, off, "x")], TZ, NOW)
    expected = t - timedelta(minutes=r.capture.offset_minutes or 0)
    assert r.capture.utc == expected.replace(tzinfo=UTC)
    assert r.capture.local == t


@given(
    st.lists(
        st.tuples(st.sampled_from(["exif:DateTimeOriginal", "gps", "filename:x", "mtime"]), times),
        max_size=5,
    )
)
def test_resolver_never_raises_and_picks_a_given_claim(claims: list[tuple[str, datetime]]) -> None:
    cl = [TimeClaim(s, t, 0 if s == "gps" else None, "x") for s, t in claims]
    r = resolve(cl, TZ, NOW)
    if cl:
        assert r.chosen in cl
        assert r.capture.confidence is not Confidence.NONE


def test_save_time_names_bound_the_capture_from_above() -> None:
    saved = c("filename:wechat-mmexport", "2025-12-15 09:22:33", 0)  # UTC epoch name
    before = resolve([c("declared", "2025-12-15 17:20:00"), saved], TZ, NOW)
    assert before.capture.source == "declared" and not before.disagreements
    after = resolve([c("declared", "2025-12-15 18:00:00"), saved], TZ, NOW)
    assert [d.other.source for d in after.disagreements] == ["filename:wechat-mmexport"]


def test_1990s_camera_dates_are_genuine_claims():
    """Issue 17: a 1998 digital camera's date is chosen, not dropped for the copy's mtime."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from evidencekit.audit.timestamps import resolve
    from evidencekit.models import TimeClaim

    tz, now = ZoneInfo("Asia/Shanghai"), datetime(2026, 1, 1, tzinfo=UTC)
    old = TimeClaim(
        "exif:DateTimeOriginal", datetime(1998, 7, 4, 15, 30), None, "1998:07:04 15:30:00"
    )
    mtime = TimeClaim("mtime", datetime(2025, 12, 15, 10, 0), 480, "")
    res = resolve([old, mtime], tz, now)
    assert res.capture.source == "exif:DateTimeOriginal" and res.capture.local.year == 1998
    assert not res.rejected
    # factory defaults and impossible values are still refused
    for bad in (datetime(2002, 12, 8, 12, 0), datetime(1980, 1, 1), datetime(1899, 12, 30)):
        res = resolve([TimeClaim("exif:DateTimeOriginal", bad, None, ""), mtime], tz, now)
        assert res.capture.source == "mtime" and res.rejected, bad


def test_offset_from_an_embedded_twin_of_the_same_second() -> None:
    # Lightroom copies the EXIF time to IPTC/XMP with a zone: the zone is the file's statement
    # (ExifTool's Composite:DateTimeOriginal combines them the same way).
    r = resolve(
        [
            c("exif:CreateDate", "2015-07-03 10:04:43"),
            c("iptc:DateCreated", "2015-07-03 10:04:43", 0),
        ],
        TZ,
        NOW,
    )
    assert r.capture.source == "exif:CreateDate"
    assert r.capture.offset_minutes == 0 and not r.capture.offset_assumed
    # Another second, or a file name (UTC for some schemes), lends no zone.
    r = resolve(
        [c("exif:CreateDate", "2015-07-03 10:04:43"), c("filename:x", "2015-07-03 10:04:43", 0)],
        TZ,
        NOW,
    )
    assert r.capture.offset_assumed and r.capture.offset_minutes == 480


def test_iptc_outranks_the_digitising_time_and_maker_dates_are_camera_dates() -> None:
    r = resolve(
        [
            c("xmp:CreateDate", "2003-09-05 16:30:00", 120),
            c("iptc:DateCreated", "2003-08-30 00:00:00"),
        ],
        TZ,
        NOW,
    )
    assert r.capture.source == "iptc:DateCreated"
    r = resolve(
        [c("maker:ciff", "2000-10-27 22:56:26"), c("gps", "2000-10-27 13:56:26", 0)], TZ, NOW
    )
    assert r.capture.source == "maker:ciff" and r.offset_from_gps
    assert r.capture.offset_minutes == 540 and r.capture.confidence is Confidence.HIGH
