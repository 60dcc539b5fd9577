"""Unboxing videos (issue 17): what the audit reads from real phone videos and generated ones."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from evidencekit.audit.pipeline import run_audit
from evidencekit.audit.video import read_video
from evidencekit.options import AuditOptions

av = pytest.importorskip("av")
from tests.videogen import make_video  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "videos"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")


NOW = datetime(2026, 1, 1, tzinfo=UTC)


def audit_case(root: Path):
    return run_audit(AuditOptions(case_dir=root, now=NOW, jobs=1))


def _oracle() -> dict[str, dict]:
    return {
        d["SourceFile"]: d for d in json.loads((CORPUS / "_oracle/exiftool-12.57.json").read_text())
    }


@needs_corpus
def test_real_videos_rotation_size_and_creation_time_agree_with_exiftool():
    checked = 0
    for rel, et in _oracle().items():
        if not rel.lower().endswith((".mp4", ".mov")) or "Composite:ImageSize" not in et:
            continue  # the broken ones: test_broken_corpus_videos_...
        m = read_video(CORPUS / rel)
        v = m.video
        assert v is not None and not v.damaged, rel
        assert v.rotation == et.get("Composite:Rotation", 0), rel
        # ExifTool's ImageSize is the stored size; ours is the displayed one.
        w, h = (int(x) for x in et["Composite:ImageSize"].split("x"))
        assert (v.width, v.height) == ((h, w) if v.rotation in (90, 270) else (w, h)), rel
        claims = {c.source: c for c in m.claims}
        keys = et.get("Keys:CreationDate")
        if keys:
            c = claims["quicktime:CreationDate"]
            assert c.local.strftime("%Y:%m:%d %H:%M:%S") == keys[:19], rel
            assert c.offset_minutes is not None
        mvhd = et.get("QuickTime:CreateDate", "")
        if mvhd and not mvhd.startswith(("0000", "1904")):
            c = claims["quicktime:CreateDate"]
            assert c.offset_minutes == 0 and c.local.strftime("%Y:%m:%d %H:%M:%S") == mvhd[:19]
        checked += 1
    assert checked >= 15


def _extra() -> dict[str, dict]:
    path = CORPUS / "_oracle/exiftool-12.57-extra.json"
    return {d["SourceFile"]: d for d in json.loads(path.read_text())}


@needs_corpus
def test_video_xmp_and_android_tags_agree_with_exiftool():
    """XMP inside a video (FFmpeg's export_xmp) and Android's Keys, against ExifTool's -extra
    reading: every XMP-xmp:CreateDate is a claim with its zone, every AndroidCaptureFps that
    differs from the playback rate is reported, every AndroidVersion is the software."""
    from evidencekit.audit.timestamps import resolve

    xmp_dates = fps = versions = 0
    for rel, et in _extra().items():
        if not rel.lower().endswith((".mp4", ".mov")):
            continue
        m = read_video(CORPUS / rel)
        claims = {c.source: c for c in m.claims}
        if "XMP-xmp:CreateDate" in et:
            c = claims["xmp:CreateDate"]
            assert c.local.strftime("%Y:%m:%d %H:%M:%S") == et["XMP-xmp:CreateDate"][:19], rel
            assert c.offset_minutes == -300  # the only one: Adobe Media Encoder, -05:00
            xmp_dates += 1
        if "Keys:AndroidCaptureFps" in et and m.video.fps:
            capture = et["Keys:AndroidCaptureFps"]
            expected = capture if abs(capture - m.video.fps) >= 0.5 else None
            assert m.video.capture_fps == expected, rel
            fps += 1
        if "Keys:AndroidVersion" in et:
            assert m.software == f"Android {et['Keys:AndroidVersion']}", rel
            versions += 1
    assert (xmp_dates, fps, versions) == (1, 2, 3)
    # The Adobe export: the XMP time (zoned) is chosen over the mvhd UTC time, same instant,
    # and its XMP history names the encoder (an edit sign, EK501).
    m = read_video(CORPUS / "pigallery2/test/backend/assets/video.mp4")
    cap = resolve(m.claims, ZoneInfo("Asia/Shanghai"), NOW).capture
    assert cap.isoformat() == "2019-02-15T16:13:20-05:00" and cap.source == "xmp:CreateDate"
    assert any("Adobe Media Encoder" in t for t in m.video.edit_tags)
    slow = read_video(
        CORPUS / "ExoPlayer/testdata/src/test/assets/media/mp4/sample_sef_slow_motion.mp4"
    )
    assert slow.video.capture_fps == 240 and slow.video.to_json()["capture_fps"] == 240


def test_video_xmp_claims_from_tags():
    from evidencekit.audit.video import claims

    packet = '<x:xmpmeta><rdf:Description xmp:CreateDate="2025-12-15T17:02:11+08:00"/></x:xmpmeta>'
    (c, mvhd) = claims({"xmp": packet, "creation_time": "2025-12-15T09:02:11.000000Z"})
    assert (c.source, c.offset_minutes) == ("xmp:CreateDate", 480)
    assert mvhd.source == "quicktime:CreateDate"
    assert claims({"xmp": "<x:xmpmeta>garbage"}) == []


@needs_corpus
def test_iphone_video_prefers_apple_creationdate_and_reports_the_reexport():
    base = CORPUS / "nom-exif/testdata/meta.mov"
    m = read_video(base)
    assert m.make == "Apple" and m.model == "iPhone X" and m.gps is not None
    assert m.video.codec == "h264" and m.video.has_audio and round(m.video.fps) == 60


@needs_corpus
def test_broken_corpus_videos_are_findings_not_tracebacks(tmp_path):
    case = tmp_path / "case"
    (case / "parcel").mkdir(parents=True)
    for rel in (
        "nom-exif/testdata/compatible-brands-fail.mov",
        "nom-exif/testdata/crash_moov-trak",
    ):
        src = CORPUS / rel
        (case / "parcel" / (src.name + ("" if src.suffix else ".m4v"))).write_bytes(
            src.read_bytes()
        )
    result = audit_case(case)
    for it in result.items:
        ek500 = [f for f in it.findings if f.code == "EK500"]
        assert ek500 and "copy it again from the phone" in ek500[0].remedy, it.path
        assert it.path in ek500[0].message


def _case(tmp_path: Path, claim: str = "damaged", tracking: str = "SF1234567890123") -> Path:
    case = tmp_path / "case"
    for d in ("parcel", "product"):
        (case / d).mkdir(parents=True, exist_ok=True)
    (case / "case.toml").write_text(
        f'[case]\nplatform = "taobao"\norder_id = "1234"\nclaim = "{claim}"\n'
        f'[[event]]\nkind = "shipped"\nat = "2025-12-13 10:00"\ntracking = "{tracking}"\n'
        '[[event]]\nkind = "delivered"\nat = "2025-12-15 16:30"\n',
        encoding="utf-8",
    )
    return case


def _codes(result, path):
    return {f.code for it in result.items if it.path == path for f in it.findings}


def test_generated_iphone_video_time_rotation_and_barcode(tmp_path):
    case = _case(tmp_path)
    make_video(
        case / "parcel" / "IMG_0001.MOV",
        seconds=8,
        barcode="SF1234567890123",
        barcode_from=2.0,
        rotate=90,
        audio=True,
        metadata={
            "com.apple.quicktime.creationdate": "2025-12-15T17:02:11+0800",
            "creation_time": "2025-12-15T09:02:19Z",
            "com.apple.quicktime.make": "Apple",
            "com.apple.quicktime.model": "iPhone 15",
        },
    )
    result = audit_case(case)
    it = result.items[0]
    assert it.capture.isoformat() == "2025-12-15T17:02:11+08:00"
    assert it.capture.source == "quicktime:CreationDate" and it.capture.confidence.value == "high"
    v = it.meta.video
    assert (v.width, v.height, v.rotation) == (360, 640, 90)
    assert v.has_audio and v.codec == "h264" and v.frames_sampled == 8
    assert [(t, x) for t, _, x in v.barcodes] == [(2.0, "SF1234567890123")]
    codes = _codes(result, it.path)
    assert "EK400" in codes and not codes & {"EK002", "EK500", "EK501", "EK502", "EK503", "EK505"}


def test_json_video_object(tmp_path):
    from evidencekit.audit.report import item_json

    case = _case(tmp_path)
    make_video(case / "parcel" / "VID_20251215_170211.mp4", seconds=6)
    it = audit_case(case).items[0]
    doc = item_json(it)
    assert set(doc["video"]) >= {
        "duration_s", "fps", "width", "height", "rotation", "codec", "encoder", "has_audio",
        "frames_sampled",
    }  # fmt: skip
    assert doc["video"]["duration_s"] == 6.0 and doc["video"]["frames_sampled"] == 6
    # No container time: the phone's file name (local time), then mtime.
    assert doc["captured_at_source"] == "filename:android-camera"
    assert doc["captured_at"] == "2025-12-15T17:02:11+08:00"


def test_android_local_time_in_mvhd_is_detected(tmp_path):
    case = _case(tmp_path)
    # The phone wrote its local wall clock (17:02 Beijing) where UTC belongs.
    make_video(
        case / "parcel" / "VID_20251215_170211.mp4",
        seconds=6,
        metadata={"creation_time": "2025-12-15T17:02:11Z", "com.android.version": "14"},
    )
    result = audit_case(case)
    it = result.items[0]
    assert it.capture.isoformat() == "2025-12-15T17:02:11+08:00" and it.capture.offset_assumed
    assert "EK506" in _codes(result, it.path)
    assert it.meta.software == "Android 14"


def test_findings_reencoded_late_short_cut_no_barcode(tmp_path):
    case = _case(tmp_path)
    make_video(
        case / "product" / "edit.mp4",
        seconds=2,
        jump_at=1.0,
        jump_by=1.5,
        metadata={"creation_time": "2025-12-20T09:02:11Z", "encoder": "Lavf60.16.100"},
    )
    result = audit_case(case)
    codes = _codes(result, "product/edit.mp4")
    assert {"EK501", "EK502", "EK503", "EK504", "EK505"} <= codes
    by = {f.code: f for it in result.items for f in it.findings}
    assert "encoder=Lavf" in by["EK501"].message
    assert "00:01" in by["EK504"].message
    assert "5 days after the delivered event" in by["EK502"].message


def test_no_barcode_finding_only_for_parcel_claims(tmp_path):
    case = _case(tmp_path, claim="quality")
    make_video(case / "product" / "VID_20251215_170211.mp4", seconds=6)
    assert "EK505" not in _codes(audit_case(case), "product/VID_20251215_170211.mp4")


def test_truncated_video_is_a_finding_and_the_rest_builds(tmp_path):
    case = _case(tmp_path)
    full = make_video(tmp_path / "full.mp4", seconds=10, size=(320, 240))
    data = full.read_bytes()
    # moov at the end (the default): cut off, the index is gone.
    (case / "parcel" / "VID_20251215_170211.mp4").write_bytes(data[: len(data) // 2])
    (case / "parcel" / "empty.mov").write_bytes(b"")
    result = audit_case(case)
    for p in ("parcel/VID_20251215_170211.mp4", "parcel/empty.mov"):
        f = next(f for it in result.items if it.path == p for f in it.findings if f.code == "EK500")
        assert p in f.message and "copy it again from the phone" in f.remedy


def test_truncated_faststart_video_keeps_the_part_that_decodes(tmp_path):
    case = _case(tmp_path)
    src = tmp_path / "fast.mp4"
    make_video(src, seconds=10, size=(320, 240), faststart=True)
    data = src.read_bytes()
    (case / "parcel" / "cut.mp4").write_bytes(data[: int(len(data) * 0.6)])
    result = audit_case(case)
    it = result.items[0]
    f = next(f for f in it.findings if f.code == "EK500")
    assert "only the part that decodes is shown" in f.message
    assert it.meta.video.key_frames >= 3


# --------------------------------------------------------------------------- dossier


def _build(case: Path, *extra: str) -> Path:
    from click.testing import CliRunner

    from evidencekit.cli import cli as main

    out = case / "dossier" / "d.pdf"
    args = ["build", str(case), "-o", str(out), "--at", "2026-01-01T00:00Z", *extra]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    return out


def test_video_exhibit_is_a_contact_sheet_with_stamps_and_facts(tmp_path):
    import pypdf

    case = _case(tmp_path)
    make_video(
        case / "parcel" / "VID_20251215_170211.mp4",
        seconds=30,
        size=(640, 360),
        barcode="SF1234567890123",
        barcode_from=4.2,
        metadata={"creation_time": "2025-12-15T09:02:11Z"},
    )
    out = _build(case)
    reader = pypdf.PdfReader(out)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "时长 00:30 · H.264 · 30 fps · 无声音" in text
    assert "视频关键帧拼图（13帧" in text  # 12 evenly spaced + the barcode frame
    assert "视频文件容器记录的创建时间（mvhd）" in text
    # 证据来源, in the box and in the exhibit list (证据目录): a video, shown by its key frames.
    assert text.replace("\n", "").count("快递包裹及面单视频（截取关键帧）") >= 2
    manifest = json.loads(reader.attachments["manifest.json"][0])
    entry = manifest["files"][0]
    emb = entry["embedded"]
    assert emb["transform"] == "contact-sheet" and emb["detail"]["frames"] == 13
    assert 5.0 in emb["detail"]["at_s"]  # the first key frame showing the label
    assert entry["attached"] is False and "parcel/VID_20251215_170211.mp4" not in reader.attachments


def test_contact_sheet_rendered_stamps_read_back(tmp_path):
    """The sheet's stamps are pixels: render it, and check the barcode frame is on it."""
    from PIL import Image

    from evidencekit.audit import barcodes
    from evidencekit.audit.video.sheet import contact_sheet

    v = make_video(tmp_path / "v.mp4", seconds=12, barcode="SF1234567890123", barcode_from=6.0)
    data, detail = contact_sheet(str(v), 12.0, (6.0,), None, False)
    img = Image.open(__import__("io").BytesIO(data))
    assert img.width == 1920 and detail["frames"] == 12  # 6.0 is one of the even ones too
    codes, _ = barcodes.decode(img.convert("L"))
    assert ("Code128", "SF1234567890123") in codes


def test_video_attached_in_archive_and_with_attach_originals(tmp_path):
    import pypdf

    case = _case(tmp_path)
    make_video(case / "parcel" / "VID_20251215_170211.mp4", seconds=6)
    for extra in (("--profile", "archive"), ("--attach-originals",)):
        out = _build(case, *extra)
        att = pypdf.PdfReader(out).attachments
        assert "parcel/VID_20251215_170211.mp4" in att, extra
        assert (
            att["parcel/VID_20251215_170211.mp4"][0]
            == (case / "parcel" / "VID_20251215_170211.mp4").read_bytes()
        )


def test_size_limited_profile_says_the_video_is_not_attached(tmp_path):
    import pypdf
    from click.testing import CliRunner

    from evidencekit.cli import cli as main

    case = _case(tmp_path)
    make_video(case / "parcel" / "VID_20251215_170211.mp4", seconds=6)
    out = case / "dossier" / "p.pdf"
    r = CliRunner().invoke(
        main,
        ["build", str(case), "-o", str(out), "--profile", "paypal", "--at", "2026-01-01T00:00Z"],
    )
    assert r.exit_code == 0, r.output
    assert "is not attached: profile paypal limits uploads" in r.output
    reader = pypdf.PdfReader(out)
    manifest = json.loads(reader.attachments["manifest.json"][0])
    assert manifest["files"][0]["not_attached"] == "video_size_limit:paypal"
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "未附入：本提交配置限制文件大小" in text.replace("\n", "")


def test_pack_turns_the_key_frames_into_an_upload_image(tmp_path):
    from click.testing import CliRunner
    from PIL import Image

    from evidencekit.audit import barcodes
    from evidencekit.cli import cli as main

    case = _case(tmp_path)
    make_video(
        case / "parcel" / "VID_20251215_170211.mp4",
        seconds=6,
        barcode="SF1234567890123",
        barcode_from=2.0,
    )
    (case / "parcel" / "box.jpg").write_bytes(_jpeg())
    r = CliRunner().invoke(
        main, ["pack", str(case), "--platform", "taobao", "--at", "2026-01-01T00:00Z"]
    )
    assert r.exit_code == 0, r.output
    sheets = sorted((case / "dossier" / "pack-taobao").glob("*-of-2.*"))
    assert len(sheets) == 2  # the video has a sheet of its own, the photo another
    images = [Image.open(p) for p in sheets]
    video_page = next(im for im in images if im.height < 2560)
    assert video_page.width == 1440
    # The frames are large enough to read: the waybill barcode decodes from the upload image.
    codes, _ = barcodes.decode(video_page.convert("L"))
    assert ("Code128", "SF1234567890123") in codes


def _jpeg() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.effect_noise((400, 300), 40).convert("RGB").save(buf, "JPEG")
    return buf.getvalue()


def test_damaged_video_is_listed_and_the_rest_builds(tmp_path):
    case = _case(tmp_path)
    (case / "parcel" / "VID_20251215_170211.mp4").write_bytes(
        b"\x00\x00\x00\x18ftypmp42" + b"\0" * 40
    )
    make_video(case / "product" / "VID_20251215_170500.mp4", seconds=6)
    out = _build(case)
    import pypdf

    manifest = json.loads(pypdf.PdfReader(out).attachments["manifest.json"][0])
    by = {f["path"]: f for f in manifest["files"]}
    assert by["parcel/VID_20251215_170211.mp4"]["not_embedded"] == "why_video_damaged"
    assert by["product/VID_20251215_170500.mp4"]["exhibit"] == "E-01"


def test_damaged_photo_files_are_a_warning_not_ek002(tmp_path):
    """Issue 17: an empty, cut or garbled .jpg/.png is 'damaged or incomplete' (EK009)."""
    case = _case(tmp_path)
    (case / "product" / "empty.jpg").write_bytes(b"")
    (case / "product" / "cut.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    (case / "product" / "garbled.png").write_bytes(b"\x01\x02" * 4000)
    result = audit_case(case)
    for p in ("product/empty.jpg", "product/cut.jpg", "product/garbled.png"):
        codes = _codes(result, p)
        assert "EK009" in codes and "EK002" not in codes and "EK100" not in codes, (p, codes)
        f = next(f for it in result.items if it.path == p for f in it.findings if f.code == "EK009")
        assert f.severity.value == "warning"
        assert "this file is damaged or incomplete" in f.message
        assert f.remedy == "copy it again from the phone"
