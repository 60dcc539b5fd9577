"""Issue 20, "two documents": the dossier is the buyer's submission (facts only, neutral
register); the pre-check (``audit --pdf``) is the buyer's private preparation (every finding
with the objection and the fix, missed deadlines, what to collect next)."""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from evidencekit import api
from evidencekit.cli import cli
from evidencekit.dossier.precheck import precheck_pdf
from evidencekit.errors import ExitCode
from evidencekit.models import Finding, Severity
from evidencekit.options import AuditOptions, BuildOptions
from tests.util import build_dossier

from .dossier_case import make_case

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "1688-quality-case"
DOCS = Path(__file__).resolve().parents[1] / "docs"
LATE = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
"""A year after the sample's order: every buyer deadline is missed ("已超过 …")."""
SDE = "1766000000"

BANNED = (
    "case.toml",
    "[[event]]",
    "[[file]]",
    "pip install",
    "exif:DateTimeOriginal",
    "无损 Flate",
    "to Flate",
    "APP1",
    "对方",
    "卖家可以说",
    "补救",
    "建议",
    "已超过",
    "以下是对方可能提出的异议及补救建议",
    "审查结果",
    "seven_day",
    "other side",
    "seller can say",
    "Remedy",
    "missed by",
    "not applicable",
    "不适用",
)
EK_CODE = re.compile(r"\bEK\d{3}\b")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def pdf_text(pdf: Path | bytes) -> list[str]:
    """Each page's text, with line breaks removed (a phrase may wrap)."""
    import io

    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))
    return [(p.extract_text() or "").replace("\n", "") for p in reader.pages]


def dossier_problems(pdf: Path) -> list[str]:
    """Every banned string, EK code and option name in the dossier's text. The verification
    instructions may show the ``verify`` command (with ``--case``)."""
    reader = PdfReader(str(pdf))
    bad: list[str] = []
    for n, page in enumerate(reader.pages, 1):
        lines = (page.extract_text() or "").splitlines()
        kept = [ln for ln in lines if "evidencekit verify" not in ln]
        text = "\n".join(kept)
        flat = text.replace("\n", "")
        bad += [f"page {n}: {b!r}" for b in BANNED if b in flat]
        # The format is named only in brackets after plain words (review-texts.md 15:
        # "由PNG转换为无损压缩（Flate）格式"), never bare.
        bare = flat.replace("（Flate）", "").replace("(Flate)", "")
        if "Flate" in bare:
            bad.append(f"page {n}: bare 'Flate'")
        bad += [f"page {n}: {m}" for m in EK_CODE.findall(text)]
        bad += [f"page {n}: {m}" for m in OPTION.findall(text)]
    return bad


@pytest.fixture(autouse=True)
def _sde(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SDE)


def _every_kind(root: Path) -> object:
    """The hand-made dossier case plus one finding of every documented code, on files and on
    the case, whose texts hold every phrase the dossier must never print."""
    result = make_case(root)
    codes = sorted({c for md in DOCS.glob("findings*.md") for c in EK_CODE.findall(md.read_text())})
    assert len(codes) > 50
    sevs = (Severity.ERROR, Severity.WARNING, Severity.INFO)
    paths = [it.path for it in result.items]
    extra: dict[str | None, list[Finding]] = {}
    for i, code in enumerate(codes):
        path = None if i % 4 == 0 else paths[i % len(paths)]
        f = Finding.bilingual(
            code,
            sevs[i % 3],
            path,
            (
                f"observation {code}: the seller can say it is fake; the other side will object",
                'set seven_day = true in case.toml, add [[event]] kind = "x", '
                "pip install 'evidencekit[ocr]', use --attach-originals; missed by 347 days",
            ),
            (
                f"观察 {code}（exif:DateTimeOriginal，APP1，Flate）；卖家可以说是假的，对方会说你在凑数",
                '补救：请在 case.toml 中设置 seven_day = true，添加 [[event]] kind = "x"，'
                "pip install 'evidencekit[ocr]'，--attach-originals；已超过 347 天，建议补拍",
            ),
        )
        extra.setdefault(path, []).append(f)
    items = tuple(
        dataclasses.replace(it, findings=it.findings + tuple(extra.get(it.path, ())))
        for it in result.items
    )
    return dataclasses.replace(result, items=items, findings=result.findings + tuple(extra[None]))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sample_dossier_states_facts_only(tmp_path: Path, lang: str) -> None:
    out = tmp_path / f"sample-{lang}.pdf"
    rep = api.build(BuildOptions(AuditOptions(SAMPLE, now=LATE), output=out, lang=lang))
    assert rep.exhibits == 15
    assert dossier_problems(out) == []
    text = "".join(pdf_text(out))
    # capture time stated as a fact, with how it is known
    if lang == "zh":
        assert "2025-12-15 17:04:12 +08:00（照片EXIF原始拍摄时间，含时区）" in text
        assert "证据来源" in text and "买家手机拍摄" in text
    else:
        assert "2025-12-15 17:04:12 +08:00 (original capture time recorded in the photo's" in text
    # integrity facts stay
    assert "SHA-256" in text and "evidencekit verify" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_finding_kind_stays_out_of_the_dossier(tmp_path: Path, lang: str) -> None:
    root = tmp_path / "cup-case"
    result = _every_kind(root)
    opts = BuildOptions(AuditOptions(root, now=LATE), output=tmp_path / "d.pdf", lang=lang)
    rep = build_dossier(result, root, opts)
    assert dossier_problems(rep.output) == []
    reader = PdfReader(str(rep.output))
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert "自动检查记录" not in top and "Automated checks" not in top
    # the pre-check holds all of it, every code, every page marked
    pages = pdf_text(precheck_pdf(result, lang, LATE))  # type: ignore[arg-type]
    mark = "仅供买家自查，请勿提交" if lang == "zh" else "For your own review, do not submit"
    assert all(mark in p for p in pages)
    text = "".join(pages)
    for code in {f.code for f in result.all_findings()}:  # type: ignore[attr-defined]
        assert code in text
    wanted = ("对方", "卖家可以说", "补救", "建议", "case.toml", "[[event]]", "pip install")
    wanted_en = ("other side", "seller can say", "Remedy", "case.toml", "[[event]]", "pip install")
    for s in wanted if lang == "zh" else wanted_en:
        assert s in text, s
    assert "--attach-originals" in text


def test_include_findings_is_explicit_and_neutral(tmp_path: Path) -> None:
    root = tmp_path / "cup-case"
    result = _every_kind(root)
    opts = BuildOptions(
        AuditOptions(root, now=LATE), output=tmp_path / "d.pdf", include_findings=True
    )
    rep = build_dossier(result, root, opts)
    reader = PdfReader(str(rep.output))
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert top == [
        "封面",
        "陈述与请求",
        "时间线",
        "证据目录",
        "证据",
        "自动检查记录",
        "完整性附录",
        "如何核验本材料",
    ]
    text = "".join(pdf_text(rep.output))
    assert "EK002" in text and "观察 EK101" in text
    # phrased neutrally: the observation, never the objection, the fix or a config term
    for s in ("卖家可以说", "对方", "补救", "建议", "case.toml", "[[event]]", "pip install"):
        assert s not in text, s


def test_include_findings_dossier_verifies_with_its_case(tmp_path: Path) -> None:
    case = tmp_path / "case"
    (case / "product").mkdir(parents=True)
    Image.new("RGB", (64, 48), (120, 90, 60)).save(case / "product" / "a.jpg", "JPEG")
    res = CliRunner().invoke(cli, ["-q", "build", str(case), "--include-findings"])
    assert res.exit_code == 0, res.output
    pdf = next((case / "dossier").glob("*.pdf"))
    report = api.verify(pdf, case)
    assert report.exit_code == 0, report


def test_redaction_is_disclosed(tmp_path: Path) -> None:
    case = tmp_path / "case"
    for rel in ("chat/a.png", "product/b.jpg"):
        (case / rel).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (400, 600), (120, 120, 120)).save(case / rel)
    (case / "case.toml").write_text(
        '[case]\norder_id = "1"\n[[file]]\npath = "chat/a.png"\nredact = [[90, 30, 220, 80]]\n',
        encoding="utf-8",
    )
    for lang, words in (
        ("zh", "已遮盖部分区域（个人信息）"),
        ("en", "Parts redacted (personal information)"),
    ):
        out = tmp_path / f"{lang}.pdf"
        api.build(BuildOptions(AuditOptions(case), output=out, lang=lang))
        pages = pdf_text(out)
        on = [p for p in pages if "chat/a.png" in p and words in p]
        off = [p for p in pages if "product/b.jpg" in p and words in p and "chat/a.png" not in p]
        assert on, f"{lang}: no page discloses the redaction"
        assert off == [], f"{lang}: the unredacted exhibit says it was redacted"


def test_build_without_any_exhibit_fails_with_its_own_code(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    (empty / "product").mkdir(parents=True)
    res = CliRunner().invoke(cli, ["-q", "build", str(empty)])
    assert res.exit_code == ExitCode.NO_EXHIBITS == 7
    assert "no exhibit" in res.stderr and "holds no evidence files" in res.stderr
    assert not (empty / "dossier").exists() or not list((empty / "dossier").glob("*.pdf"))
    notes = tmp_path / "notes"
    (notes / "other").mkdir(parents=True)
    (notes / "other" / "a.txt").write_text("x", encoding="utf-8")
    (notes / "other" / "b.mp4").write_bytes(b"\0\0\0\x18ftypmp42" + b"\0" * 64)
    res = CliRunner().invoke(cli, ["-q", "build", str(notes)])
    assert res.exit_code == 7
    assert (
        "none of the 2 files can be shown as an exhibit (1 not images, 1 damaged videos)"
        in res.stderr
    )


def test_build_summarises_open_errors_on_stderr_only(tmp_path: Path) -> None:
    out = tmp_path / "d.pdf"
    res = CliRunner().invoke(
        cli, ["-q", "build", str(SAMPLE), "-o", str(out), "--at", "2026-12-01T12:00+08:00"]
    )
    assert res.exit_code == 0, res.output
    lines = [ln for ln in res.stderr.splitlines() if "open error finding" in ln]
    assert len(lines) == 1
    assert (
        "EK302" in lines[0]
        and "--pdf precheck.pdf" in lines[0]
        and "not in the dossier" in lines[0]
    )
    assert "EK302" not in "".join(pdf_text(out))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_audit_pdf_is_the_precheck(tmp_path: Path, lang: str) -> None:
    out = tmp_path / "pre.pdf"
    args = [
        "-q",
        "audit",
        str(SAMPLE),
        "--pdf",
        str(out),
        "--lang",
        lang,
        "--at",
        "2026-12-01T12:00+08:00",
    ]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    first = out.read_bytes()
    pages = pdf_text(out)
    mark = "仅供买家自查，请勿提交" if lang == "zh" else "For your own review, do not submit"
    assert len(pages) >= 2 and all(mark in p for p in pages)
    text = "".join(pages)
    if lang == "zh":
        for s in (
            "以下是对方可能提出的异议及补救建议",
            "卖家可以说",
            "已超过",
            "case.toml",
            "[[event]]",
            "EK302",
        ):
            assert s in text, s
    else:
        for s in ("The other side could say", "Remedy", "missed by", "case.toml", "EK302"):
            assert s in text, s
    # deterministic and atomic: the same bytes again, no temp file left
    res = CliRunner().invoke(cli, args)
    assert out.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["pre.pdf"]


def test_appendix_follows_exhibit_numbers(tmp_path: Path) -> None:
    out = tmp_path / "d.pdf"
    api.build(BuildOptions(AuditOptions(SAMPLE, now=LATE), output=out))
    pages = pdf_text(out)
    start = next(
        i for i, p in enumerate(pages) if p.lstrip().find("完整性附录") >= 0 and "嵌入方式：" in p
    )
    text = "".join(pages[start:])
    numbers = re.findall(r"E-(\d\d) (?:product|listing|chat|parcel|other)/", text)
    assert numbers == sorted(numbers) and len(numbers) == len(set(numbers)) == 15


def test_precheck_page_of_the_web_face(tmp_path: Path) -> None:
    pytest.importorskip("starlette")
    assert os.environ["SOURCE_DATE_EPOCH"] == SDE
    data = api.precheck_pdf(AuditOptions(SAMPLE, now=LATE), "zh")
    assert data.startswith(b"%PDF") and "仅供买家自查，请勿提交" in pdf_text(data)[0]


@pytest.mark.parametrize("profile", ["archive", "paypal", "stripe", "mastercard", "amex"])
def test_every_profile_states_facts_only(tmp_path: Path, profile: str) -> None:
    """Every PDF profile (the compact layout too) keeps the findings out of the submission."""
    root = tmp_path / "cup-case"
    result = _every_kind(root)
    opts = BuildOptions(
        AuditOptions(root, now=LATE), output=tmp_path / "d.pdf", profile=profile, lang="zh"
    )
    rep = build_dossier(result, root, opts)
    outputs = [v.output for v in rep.volumes] or [rep.output]
    for out in outputs:
        assert dossier_problems(out) == [], (profile, out.name)
