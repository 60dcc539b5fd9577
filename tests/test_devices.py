"""Issue 17: the exhibit box's 证据来源 names the device that took the picture: a camera is a
数码相机, a phone a 手机, anything else a neutral 设备; the make is not repeated in the model.

Real devices: every Make/Model pair ExifTool 12.57 reads in ../shared/corpus (the oracle
``_oracle/exiftool-12.57.json``), and real files read by evidencekit's own reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencekit.audit.metadata import read_metadata
from evidencekit.dossier.render.sources import evidence_source
from evidencekit.rules.devices import CAMERA, PHONE, TABLET, UNKNOWN, device, device_name, kind_of
from evidencekit.testing import imagegen

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
ORACLE = CORPUS / "_oracle" / "exiftool-12.57.json"

# Every (Make, Model) ExifTool reads in the corpus, with the kind a reviewer would name.
CORPUS_DEVICES = {
    CAMERA: [
        ("Canon", "Canon EOS 600D"), ("Canon", "Canon PowerShot SX60 HS"),
        ("NIKON CORPORATION", "NIKON D800"), ("NIKON", "COOLPIX P6000"), ("SONY", "ILCE-7M3"),
        ("Sony", "ILCE-7RM3"), ("SONY", "DSC-D700"), ("SONY", "SLT-A58"), ("SONY", "DSLR-A200"),
        ("SONY", "CYBERSHOT"), ("SONY", "HDR-HC3"), ("FUJIFILM", "FinePix E500"),
        ("OLYMPUS IMAGING CORP.", "E-M10"), ("OLYMPUS OPTICAL CO.,LTD", "C960Z,D460Z"),
        ("PENTAX Corporation", "PENTAX K10D"), ("RICOH", "RDC-5300"), ("Caplio", "RR330"),
        ("Panasonic", "DMC-FZ30"), ("EASTMAN KODAK COMPANY", "KODAK DC240 ZOOM DIGITAL CAMERA"),
        ("KONICA MINOLTA", "DiMAGE Z3"), ("CASIO COMPUTER CO.,LTD.", "EX-M2"),
        ("Hasselblad", "L1D-20c"), ("DJI", "FLIR"), ("SAMSUNG", "NX1000"),
        ("Samsung Techwin", "<Digimax i50 MP3, Samsung #1 MP3>"), ("SANYO Electric Co.,Ltd.", "SR6"),
    ],
    PHONE: [
        ("Apple", "iPhone 13 Pro"), ("samsung", "SM-G975F"), ("Google", "Pixel 6"),
        ("HUAWEI", "HUAWEI G6-L11"), ("Xiaomi", "Redmi Note 9S"), ("Realme", "realme 3 Pro"),
        ("Motorola", "XT912"), ("Nokia", "N70-1"), ("HMD Global", "Nokia 8.3 5G"), ("Jolla", "Jolla"),
    ],
    UNKNOWN: [("Nintendo", "Nintendo 3DS"), ("Make", "XXX-XXX"), ("WWL", "ION230")],
}  # fmt: skip


@pytest.mark.parametrize(
    ("make", "model", "kind"),
    [(mk, md, k) for k, pairs in CORPUS_DEVICES.items() for mk, md in pairs]
    + [
        ("Sony", "XQ-AT51", PHONE),  # Xperia 1 II
        ("Sony", "SO-51A", PHONE),  # Xperia 1 II (docomo)
        ("Panasonic", "DC-S5", CAMERA),
        ("OPPO", "PFEM10", PHONE),
        ("vivo", "V2055A", PHONE),
        ("HONOR", "PGT-AN10", PHONE),
        ("OnePlus", "LE2120", PHONE),
        ("OM Digital Solutions", "OM-1", CAMERA),
        ("LEICA CAMERA AG", "LEICA Q2", CAMERA),
        ("SIGMA", "fp", CAMERA),
        ("GoPro", "HERO11 Black", CAMERA),
        ("Minolta Co., Ltd.", "DiMAGE 7", CAMERA),
        ("Apple", "iPad Pro (11-inch)", TABLET),
        ("Apple", "Mac15,9", UNKNOWN),
        ("", "", UNKNOWN),
        (None, "SM-G991B", UNKNOWN),
    ],  # fmt: skip
)
def test_device_kind(make: str | None, model: str | None, kind: str) -> None:
    assert kind_of(make, model) == kind


def test_the_table_covers_every_device_in_the_corpus_oracle() -> None:
    if not ORACLE.is_file():
        pytest.skip("../shared/corpus is absent")
    pairs = set()
    for row in json.loads(ORACLE.read_text(encoding="utf-8")):
        make, model = row.get("IFD0:Make"), row.get("IFD0:Model")
        if make:
            pairs.add((str(make), str(model or "")))
    by_kind = {(mk, md): k for k, rows in CORPUS_DEVICES.items() for mk, md in rows}
    # No corpus camera is called a phone, no corpus phone a camera.
    for make, model in pairs:
        if (make, model) in by_kind:
            assert kind_of(make, model) == by_kind[make, model], (make, model)
    cameras = {p for p in pairs if kind_of(*p) == CAMERA}
    phones = {p for p in pairs if kind_of(*p) == PHONE}
    assert len(cameras) >= 50 and len(phones) >= 20, (len(cameras), len(phones))
    assert not {p for p in phones if p[0].upper().startswith(("CANON", "NIKON", "FUJI"))}


@pytest.mark.parametrize(
    ("make", "model", "name"),
    [
        ("Canon", "Canon EOS 5D", "Canon EOS 5D"),
        ("Jolla", "Jolla", "Jolla"),
        ("NIKON CORPORATION", "NIKON D750", "NIKON D750"),
        (
            "EASTMAN KODAK COMPANY",
            "KODAK DC240 ZOOM DIGITAL CAMERA",
            "KODAK DC240 ZOOM DIGITAL CAMERA",
        ),
        ("OLYMPUS IMAGING CORP.", "E-M10", "OLYMPUS E-M10"),
        ("Apple", "iPhone 12", "Apple iPhone 12"),
        ("HUAWEI", "HUAWEI G6-L11", "HUAWEI G6-L11"),
        ("Realme", "realme 3 Pro", "realme 3 Pro"),
        ("samsung", "SM-G975F", "samsung SM-G975F"),
        ("Canon", "", "Canon"),
        ("", "iPhone 12", "iPhone 12"),
        (None, None, ""),
    ],
)
def test_device_name_does_not_repeat_the_make(make: str, model: str, name: str) -> None:
    assert device_name(make, model) == name


def test_evidence_source_wording() -> None:
    canon = device("Canon", "Canon EOS 5D")
    assert evidence_source("zh", "taobao", "product", "photo", canon) == (
        "买家数码相机拍摄的照片（Canon EOS 5D）"
    )
    assert evidence_source("en", "taobao", "product", "photo", canon) == (
        "Photo taken with the buyer's digital camera (Canon EOS 5D)"
    )
    phone = device("HUAWEI", "HUAWEI P30")
    assert (
        evidence_source("zh", "jd", "product", "photo", phone) == "买家手机拍摄的照片（HUAWEI P30）"
    )
    odd = device("Nintendo", "Nintendo 3DS")
    assert evidence_source("zh", "jd", "product", "photo", odd) == (
        "买家拍摄的照片（设备：Nintendo 3DS）"
    )
    assert evidence_source("zh", "jd", "product", "photo", device(None, None)) == "买家拍摄的照片"
    # Screenshots and parcel photos are worded by what they show, not by the device.
    assert evidence_source("zh", "jd", "chat", "photo", phone) == "京东咚咚聊天记录截图"
    assert evidence_source("zh", "jd", "parcel", "photo", canon) == "快递包裹及面单照片"


def test_real_corpus_files_camera_and_phone() -> None:
    root = CORPUS / "exif-py" / "tests" / "resources" / "jpg"
    canon, jolla = root / "Canon_40D.jpg", root / "mobile" / "jolla.jpg"
    if not canon.is_file() or not jolla.is_file():
        pytest.skip("../shared/corpus is absent")
    for path, kind, name in ((canon, CAMERA, "Canon EOS 40D"), (jolla, PHONE, "Jolla")):
        m = read_metadata(path, "image/jpeg")
        d = device(m.make, m.model)
        assert (d.kind, d.name) == (kind, name), path


def test_box_and_index_of_a_built_dossier_name_the_camera(tmp_path: Path) -> None:
    import pypdf
    from click.testing import CliRunner

    from evidencekit.cli import cli as main
    from tests.util import write_case

    case = write_case(tmp_path / "case", {})
    (case / "product").mkdir()
    imagegen.camera_jpeg(case / "product" / "IMG_0001.JPG", size=(800, 600), make="Canon",
                         model="Canon EOS 5D Mark IV")  # fmt: skip
    imagegen.camera_jpeg(case / "product" / "IMG_0002.JPG", size=(800, 600), seed=2)
    out = case / "dossier" / "d.pdf"
    r = CliRunner().invoke(main, ["build", str(case), "-o", str(out), "--at", "2026-01-01T00:00Z"])
    assert r.exit_code == 0, r.output
    # (the index column wraps its lines: compare without white space)
    text = "".join("".join(p.extract_text().split()) for p in pypdf.PdfReader(out).pages)
    assert "买家数码相机拍摄的照片（CanonEOS5DMarkIV）" in text  # the box names the model
    assert "买家手机拍摄的照片（Xiaomi2211133C）" in text
    assert text.count("买家数码相机拍摄的照片") >= 2  # box + exhibit list (kind only)
    assert "CanonCanon" not in text and "买家手机拍摄的照片（Canon" not in text


def test_real_corpus_videos_phone_and_computer() -> None:
    """The Apple Keys make/model of real MOVs: an iPhone records on a phone, a Mac (C2PA's
    screen recording, Keys:Model "Mac15,9") is no phone and no camera."""
    from evidencekit.audit import video

    root = CORPUS / "videos"
    iphone = root / "nom-exif/testdata/meta.mov"
    mac = root / "c2pa-python/tests/fixtures/C-recorded-as-mov.mov"
    if not iphone.is_file() or not mac.is_file() or not video.available():
        pytest.skip("../shared/corpus/videos or PyAV is absent")
    m = video.read_video(iphone, scan_barcodes=False)
    assert device(m.make, m.model) == device("Apple", "iPhone X")  # ExifTool Keys:Make/Model
    assert evidence_source("zh", "taobao", "product", "video", device(m.make, m.model)) == (
        "买家手机拍摄的开箱视频（Apple iPhone X；截取关键帧）"
    )
    m = video.read_video(mac, scan_barcodes=False)
    assert (m.make, m.model) == ("Apple", "Mac15,9") and kind_of(m.make, m.model) == UNKNOWN
    assert evidence_source("zh", "taobao", "product", "video", device(m.make, m.model)) == (
        "买家拍摄的开箱视频（设备：Apple Mac15,9；截取关键帧）"
    )


@pytest.mark.parametrize(
    ("make", "model", "zh", "en"),
    [
        ("NIKON CORPORATION", "NIKON D750", "相机存储卡里", "camera's memory card"),
        ("Xiaomi", "2211133C", "手机相册里", "camera roll"),
        ("", "", "手机相册里", "camera roll"),  # no make: the common case, a phone
    ],
)
def test_edit_remedies_name_where_the_original_is(make: str, model: str, zh: str, en: str) -> None:
    """EK106's remedy tells a Nikon owner to look on the memory card, not in a phone album."""
    import dataclasses

    from evidencekit.audit.checks.items import edits
    from evidencekit.models import Category
    from tests.util import photo

    it = photo("product/a.jpg", Category.PRODUCT, "2025-12-15T17:00:00")
    meta = dataclasses.replace(it.meta, make=make, model=model, software="Adobe Photoshop 25.0")
    (f,) = [f for f in edits(dataclasses.replace(it, meta=meta)) if f.code == "EK106"]
    assert zh in f.remedy_zh and en in f.remedy
    other = "手机相册里" if zh == "相机存储卡里" else "相机存储卡里"
    assert other not in f.remedy_zh
