"""Hypothesis: every parser of untrusted text or values never raises and keeps its promises."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekit.audit.metadata import _png_claims
from evidencekit.audit.metadata import tags as T
from evidencekit.audit.metadata.dates import parse_datetime, parse_offset
from evidencekit.audit.metadata.exif import _gps_claim, gps
from evidencekit.case.load import load_case
from evidencekit.case.scan import sniff
from evidencekit.errors import CaseError

tag_values = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.binary(max_size=8),
    st.tuples(st.floats(allow_nan=True), st.floats(allow_nan=True), st.floats(allow_nan=True)),
    st.lists(st.integers(-(2**40), 2**40), max_size=4).map(tuple),
)


@given(st.text(max_size=12))
def test_offset_strings(text: str) -> None:
    off = parse_offset(text)
    assert off is None or -18 * 60 <= off <= 18 * 60


@given(st.integers(-14, 14), st.integers(0, 59).map(lambda m: m - m % 15), st.booleans())
def test_offset_round_trip(h: int, m: int, colon: bool) -> None:
    sign = "-" if h < 0 else "+"
    text = f"{sign}{abs(h):02d}{':' if colon else ''}{m:02d}"
    minutes = (-1 if h < 0 else 1) * (abs(h) * 60 + m)
    # real UTC offsets run from -12:00 to +14:00; anything else is rejected
    assert parse_offset(text) == (minutes if -720 <= minutes <= 840 else None)


@given(
    st.datetimes(),
    st.sampled_from(["%Y:%m:%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y:%m:%d %H:%M:%S\x00"]),
)
def test_exif_dates_round_trip(dt, fmt: str) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_datetime(dt.strftime(fmt))
    if dt.year >= 1000:  # four-digit years only, as EXIF writes them
        assert parsed is not None
        assert parsed.local == dt.replace(microsecond=0)


@given(st.dictionaries(st.tuples(st.just("GPS"), st.integers(0, 40)), tag_values, max_size=10))
def test_gps_values_never_raise(tags: dict) -> None:  # type: ignore[type-arg]
    pos = gps(tags)
    if pos is not None:
        for v, lim in ((pos.latitude, 90), (pos.longitude, 180)):
            assert v is None or (math.isfinite(v) and abs(v) <= lim)
    claim = _gps_claim(tags)
    assert claim is None or claim.offset_minutes == 0


@given(st.floats(0, 89), st.floats(0, 59), st.floats(0, 59.99), st.sampled_from(["N", "S"]))
def test_gps_dms(d: float, m: float, s: float, ref: str) -> None:
    tags = {("GPS", T.GPS_LAT): (d, m, s), ("GPS", T.GPS_LAT_REF): ref}
    pos = gps(tags)
    assert pos is not None and pos.latitude is not None
    expect = d + m / 60 + s / 3600
    assert math.isclose(abs(pos.latitude), expect, rel_tol=1e-9)
    assert (pos.latitude < 0) == (ref == "S" and expect > 0)


@given(
    st.dictionaries(
        st.sampled_from(["Creation Time", "CreationTime", "date:create", "x"]), st.text(max_size=30)
    )
)
def test_png_text_never_raises(text: dict[str, str]) -> None:
    for claim in _png_claims(text):
        assert claim.source.startswith("png:")


@given(st.binary(max_size=40))
def test_sniff_total(head: bytes) -> None:
    assert "/" in sniff(head)


toml_values = st.one_of(
    st.text(max_size=15), st.integers(), st.booleans(), st.floats(allow_nan=False), st.just([])
)
keys = st.sampled_from(
    [
        "platform",
        "order_id",
        "timezone",
        "language",
        "claim",
        "amount",
        "seven_day",
        "reply_days",
        "platfrom",
    ]
)


def _toml_str(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(v, list):
        return "[]"
    return repr(v)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=80)
@given(st.dictionaries(keys, toml_values, max_size=6), st.text(max_size=40))
def test_case_toml_loads_or_names_the_problem(fields: dict, junk: str) -> None:  # type: ignore[type-arg]
    body = "[case]\n" + "".join(f"{k} = {_toml_str(v)}\n" for k, v in fields.items())
    for text in (body, body + junk):
        with tempfile.TemporaryDirectory() as d:
            (Path(d) / "case.toml").write_text(text, encoding="utf-8", errors="surrogatepass")
            try:
                case = load_case(Path(d))
            except CaseError as exc:
                assert "case.toml" in str(exc)
            except UnicodeEncodeError:
                pass
            else:
                assert case.has_file
