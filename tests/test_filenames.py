"""File-name time schemes: one row per scheme in filenames.SCHEMES, plus property tests."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.audit.metadata.filenames import SCHEMES, claims_from_filename

LOCAL = None  # offset_minutes of a local-clock scheme: not stated by the name
T = datetime(2023, 12, 15, 17, 2, 33)
T_UTC = datetime(2023, 12, 15, 9, 2, 33)  # 1702630953 = 2023-12-15T09:02:33Z

ROWS = [
    # (file name, scheme, expected local time, expected offset)
    ("PXL_20231215_090233123.jpg", "pixel", T_UTC, 0),
    ("PXL_20231215_090233123.PORTRAIT.jpg", "pixel", T_UTC, 0),
    ("mmexport1702630953123.jpg", "wechat-mmexport", T_UTC, 0),
    ("wx_camera_1702630953123.jpg", "wechat-camera", T_UTC, 0),
    ("微信图片_20231215170233.jpg", "wechat-image", T, LOCAL),
    ("QQ图片20231215170233.jpg", "qq-image", T, LOCAL),
    ("微信视频_20231215170233.mp4", "wechat-video", T, LOCAL),
    ("WeChat_20231215170233.mp4", "wechat-video", T, LOCAL),
    ("Screenshot_2023-12-15-17-02-33-123_com.taobao.taobao.jpg", "miui-screenshot", T, LOCAL),
    ("Screenshot_2023-12-15-17-02-33-123_com.tencent.mm.jpg", "miui-screenshot", T, LOCAL),
    ("Screenshot_2023-12-15-17-02-33_com.alibaba.wireless.png", "miui-screenshot", T, LOCAL),
    ("Screenshot_20231215-170233.png", "android-screenshot", T, LOCAL),
    ("Screenshot_20231215_170233.jpg", "samsung-screenshot", T, LOCAL),
    ("Screenshot_20231215_170233_com.taobao.taobao.jpg", "samsung-screenshot", T, LOCAL),
    ("截屏2023-12-15 17.02.33.png", "macos-screenshot-zh", T, LOCAL),
    ("Screen Shot 2023-12-15 at 5.02.33 PM.png", "macos-screenshot-12h", T, LOCAL),
    ("Screenshot 2023-12-15 at 5.02.33\u202fPM.png", "macos-screenshot-12h", T, LOCAL),
    ("Screen Shot 2023-12-15 at 12.02.33 AM.png", "macos-screenshot-12h", T.replace(hour=0), LOCAL),
    ("Screenshot 2023-12-15 at 17.02.33.png", "macos-screenshot", T, LOCAL),
    ("Screenshot 2023-12-15 170233.png", "windows-screenshot", T, LOCAL),
    ("屏幕截图 2023-12-15 170233.png", "windows-screenshot-zh", T, LOCAL),
    ("截图20231215170233.png", "cn-screenshot", T, LOCAL),
    ("IMG_20231215_170233_123.jpg", "miui-camera", T, LOCAL),
    ("IMG_20231215_170233.jpg", "android-camera", T, LOCAL),
    ("VID_20231215_170233.mp4", "android-camera", T, LOCAL),
    ("IMG_20180725_163423.jpg", "android-camera", datetime(2018, 7, 25, 16, 34, 23), LOCAL),
    ("IMG20231215170233.jpg", "oppo-camera", T, LOCAL),
    ("20231215_170233.jpg", "samsung-camera", T, LOCAL),
    ("1702630953.jpg", "epoch-seconds", T_UTC, 0),
]


@pytest.mark.parametrize(("name", "scheme", "local", "offset"), ROWS)
def test_scheme(name: str, scheme: str, local: datetime, offset: int | None) -> None:
    (claim,) = claims_from_filename(name)
    assert claim.source == f"filename:{scheme}"
    assert claim.local == local
    assert claim.offset_minutes == offset
    assert claim.raw and claim.raw in name


def test_every_scheme_has_a_row_and_its_example_parses() -> None:
    covered = {scheme for _, scheme, _, _ in ROWS}
    for scheme in SCHEMES:
        assert scheme.name in covered, scheme.name
        claims = claims_from_filename(scheme.example)
        assert [c.source for c in claims] == [f"filename:{scheme.name}"], scheme.example


def test_scheme_names_unique() -> None:
    names = [s.name for s in SCHEMES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    "name",
    [
        "IMG_1234.JPG",  # iOS / camera counter: no time
        "IMG_1234.HEIC",
        "Image_1702630953123.jpg",  # dubious: not a scheme we can attribute
        "IMG_20231315_170233.jpg",  # month 13
        "IMG_20230230_170233.jpg",  # 30 February
        "IMG_20231215_250233.jpg",  # hour 25
        "IMG_19991215_170233.jpg",  # before 2000
        "Screen Shot 2023-12-15 at 13.02.33 PM.png",  # 13 PM
        "9999999999.jpg",  # epoch seconds after 2100
        "0000000000.jpg",
        "17026309531.jpg",  # 11 digits: not an epoch
        "mmexport17026309531234.jpg",  # 14 digits
        "20231215_1702334.jpg",  # time runs on
        "",
        "photo.jpg",
        "d41d8cd98f00b204e9800998ecf8427e.jpg",
    ],
)
def test_no_claim(name: str) -> None:
    assert claims_from_filename(name) == []


def test_directory_part_ignored() -> None:
    (claim,) = claims_from_filename("product/IMG_20231215_170233.jpg")
    assert claim.local == T
    assert claims_from_filename("IMG_20231215_170233/IMG_1234.JPG") == []


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=80))
def test_random_text_never_raises(name: str) -> None:
    for claim in claims_from_filename(name):
        assert 2000 <= claim.local.year <= 2100
        assert claim.source.startswith("filename:")


_digits = st.text(alphabet="0123456789", min_size=0, max_size=20)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["IMG_", "IMG", "VID_", "PXL_", "Screenshot_", "mmexport", "wx_camera_", ""]),
    _digits,
    st.sampled_from(["", "_", "-"]),
    _digits,
    st.sampled_from([".jpg", ".png", "_com.taobao.taobao.jpg"]),
)
def test_digit_soup_claims_are_valid(pre: str, a: str, sep: str, b: str, ext: str) -> None:
    for claim in claims_from_filename(pre + a + sep + b + ext):
        assert 2000 <= claim.local.year <= 2100
        assert claim.offset_minutes in (None, 0)


@pytest.mark.parametrize(
    ("name", "subsec"),
    [
        ("PXL_20231215_090233123.jpg", "123"),
        ("mmexport1702630953123.jpg", "123"),
        ("IMG_20231215_170233_045.jpg", "045"),
        ("IMG_20231215_170233.jpg", ""),
    ],
)
def test_milliseconds_kept_as_subsec(name: str, subsec: str) -> None:
    (claim,) = claims_from_filename(name)
    assert claim.subsec == subsec
    assert claim.local.microsecond == 0
