"""The exhibit list (证据目录) in the reviewers' form, dates, English texts and init placeholders
(issue 20)."""

from __future__ import annotations

import dataclasses
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from evidencekit.case.load import load_case
from evidencekit.case.scaffold import init_case
from evidencekit.cli import cli
from evidencekit.dossier.build import notices
from evidencekit.dossier.render.sources import evidence_source
from evidencekit.dossier.selection import exhibit_numbers, exhibit_order
from evidencekit.models import AuditResult, Case, FileSetting
from evidencekit.options import AuditOptions, BuildOptions
from evidencekit.outputs.letter import exhibit_ranges
from tests.util import build_dossier, write_jpeg

from .dossier_case import make_case

GOLDEN = Path(__file__).parent / "golden"
AT = datetime(2025, 12, 17, 20, 3, tzinfo=UTC)
"""04:03 Beijing time on 2025-12-18: the UTC date is still the 17th."""

FILES = (
    FileSetting("product/破损特写.jpg", purpose="证明收到的杯体有划痕和凹陷",
                purpose_en="Shows the cups arrived scratched and dented",
                caption_en="Close-up of the scratches and dents"),
    FileSetting("listing/商品页面.png", group="卖家的描述与答复"),
    FileSetting("chat/wangwang_long.png", group="卖家的描述与答复"),
)  # fmt: skip


def _with_files(result: AuditResult, **case_kw: object) -> AuditResult:
    case = dataclasses.replace(result.case, files=FILES, **case_kw)  # type: ignore[arg-type]
    return dataclasses.replace(result, case=case)


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, AuditResult]:
    root = tmp_path_factory.mktemp("x") / "cup-case"
    return root, _with_files(make_case(root))


def _build(root: Path, result: AuditResult, out: Path, **kw: object):  # type: ignore[no-untyped-def]
    opts = BuildOptions(AuditOptions(root, now=kw.pop("now", AT)), output=out, **kw)  # type: ignore[arg-type]
    return build_dossier(result, root, opts)


def _pages(pdf: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(str(pdf)).pages]


def _list_text(pdf: Path) -> str:
    """The exhibit list's pages (from its anchor to the first exhibit), without the running
    header and footer (the fingerprint changes with every byte of the dossier)."""
    reader = PdfReader(str(pdf))
    top = [o for o in reader.outline if not isinstance(o, list)]
    at = next(i for i, o in enumerate(top) if o.title in ("证据目录", "List of exhibits"))
    first, last = (reader.get_destination_page_number(o) for o in top[at : at + 2])
    lines = []
    for page in reader.pages[first:last]:
        for line in (page.extract_text() or "").splitlines()[4:]:  # header/footer lines
            lines.append(line.rstrip())
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exhibit_list_golden(case, tmp_path, lang) -> None:
    """Columns, sources, purposes, group numbering and the signature block; regenerate with
    EK_REGEN_GOLDEN=1 after a deliberate change (and read the diff)."""
    root, result = case
    rep = _build(root, result, tmp_path / f"{lang}.pdf", lang=lang)
    text = _list_text(rep.output)
    golden = GOLDEN / f"exhibit_list_{lang}.txt"
    if os.environ.get("EK_REGEN_GOLDEN") == "1" or not golden.exists():
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    flat = "".join(text.split())  # cells wrap: compare without white space
    if lang == "zh":
        for needle in ("序号", "证据名称", "证据来源", "证明目的（证明对象）", "页码",
                       "买家手机拍摄", "1688商品详情页截图", "旺旺聊天记录截图",
                       "证明收到的杯体有划痕和凹陷", "证明所收商品的状况",
                       "第 3 组：卖家的描述与答复", "3-1", "3-2", "提交人", "张三",
                       "提交日期", "2025年12月18日", "签名（盖章）", "第一百二十四条"):  # fmt: skip
            assert "".join(needle.split()) in flat, needle
        assert "EXIF" not in flat  # the time source is not the evidence's source
    else:
        for needle in ("No.", "Exhibit", "Source", "What it shows", "Page",
                       "Photo taken by the buyer", "1688 product page screenshot",
                       "AliWangwang chat screenshot", "Shows the cups arrived scratched",
                       "Close-up of the scratches and dents", "The condition of the goods",
                       "Submitted by", "Date of submission", "18 December 2025",
                       "Signature (or seal)"):  # fmt: skip
            assert "".join(needle.split()) in flat, needle


def test_group_numbering_keeps_groups_together(case) -> None:
    root, result = case
    files = (
        FileSetting("product/overview.jpg", group="A"),
        FileSetting("chat/wangwang_long.png", group="A"),
    )
    grouped = dataclasses.replace(result.case, files=files)
    order = exhibit_order(result.items, grouped)
    numbers = exhibit_numbers(order, grouped)
    assert [numbers[it.path] for it in order] == ["1-1", "1-2", "2-1", "3-1"]
    assert [it.path for it in order][:2] == ["product/overview.jpg", "chat/wangwang_long.png"]
    # Letters and upload packs number through the same function.
    from evidencekit.api import exhibit_numbers as api_numbers

    assert api_numbers(dataclasses.replace(result, case=grouped)) == numbers
    plain = exhibit_order(result.items, result.case.__class__())
    assert list(exhibit_numbers(plain, Case()).values()) == ["E-01", "E-02", "E-03", "E-04"]
    assert exhibit_ranges(["1-1", "1-2", "1-3", "2-1", "3-1", "3-2"], True) == (
        "1-1–1-3、2-1、3-1–3-2"
    )


def test_case_toml_keys(tmp_path) -> None:
    (tmp_path / "case.toml").write_text(
        '[case]\nstatement = "质量问题"\nstatement_en = "Defective goods"\n'
        '[[event]]\nkind = "delivered"\nat = "2025-12-15 16:30"\nnote = "签收"\nnote_en = "signed"\n'
        '[[file]]\npath = "product/a.jpg"\npurpose = "证明收到的商品外壳开裂"\n'
        'purpose_en = "Cracked casing"\ncaption_en = "Crack"\ngroup = 2\n',
        encoding="utf-8",
    )
    c = load_case(tmp_path)
    assert c.warnings == ()  # every new key is known
    f = c.files[0]
    assert (f.purpose, f.purpose_en, f.caption_en, f.group) == (
        "证明收到的商品外壳开裂", "Cracked casing", "Crack", "2",
    )  # fmt: skip
    assert c.statement_in("en") == "Defective goods" and c.statement_in("zh") == "质量问题"
    assert c.events[0].note_in("en") == "signed" and c.events[0].note_in("zh") == "签收"


def test_evidence_source_per_platform() -> None:
    assert evidence_source("zh", "taobao", "listing") == "淘宝商品详情页截图"
    assert evidence_source("zh", "jd", "chat") == "京东咚咚聊天记录截图"
    assert evidence_source("zh", "other", "chat") == "与卖家的聊天记录截图"
    assert evidence_source("zh", "1688", "parcel") == "快递包裹及面单照片"
    assert evidence_source("en", "jd", "listing") == "JD.com product page screenshot"
    assert evidence_source("en", "other", "listing") == "Product page screenshot"


def _cover_value(pdf: Path, key: str) -> str:
    lines = _pages(pdf)[0].splitlines()
    return lines[lines.index(key) + 1]


def test_at_sets_now_and_the_date_is_the_case_time_zone(case, tmp_path, monkeypatch) -> None:
    root, result = case
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # --at wins over it
    a = _build(root, result, tmp_path / "a.pdf")
    assert _cover_value(a.output, "材料日期") == "2025-12-18"  # not the UTC date (12-17)
    assert "2025年12月18日" in _list_text(a.output)
    berlin = dataclasses.replace(
        result, case=dataclasses.replace(result.case, timezone="Europe/Berlin")
    )
    b = _build(root, berlin, tmp_path / "b.pdf")
    assert _cover_value(b.output, "材料日期") == "2025-12-17"  # 21:03 in Berlin
    later = _build(root, result, tmp_path / "c.pdf", now=datetime(2025, 12, 20, 2, 0, tzinfo=UTC))
    assert _cover_value(later.output, "材料日期") == "2025-12-20"
    # The deadlines are counted from --at too: the statement page differs.
    assert _pages(a.output)[1] != _pages(later.output)[1]
    meta = PdfReader(str(a.output)).metadata
    assert meta is not None and str(meta.get("/CreationDate", "")).startswith("D:20251217200300")


def test_english_texts_and_warning(case, tmp_path) -> None:
    root, result = case
    zh_case = dataclasses.replace(result, case=dataclasses.replace(result.case, language="zh"))
    lines = notices(zh_case, "en")
    assert len(lines) == 1 and "statement_en" in lines[0] and "note_en (1 [[event]])" in lines[0]
    assert "purpose_en" not in lines[0]  # the one purpose has its English text
    assert notices(zh_case, "zh") == ()
    full = dataclasses.replace(
        zh_case,
        case=dataclasses.replace(
            zh_case.case,
            statement_en="I bought 100 cups; many arrived scratched.",
            events=tuple(
                dataclasses.replace(e, note_en="said it was normal") for e in zh_case.case.events
            ),
        ),
    )
    assert notices(full, "en") == ()
    rep = _build(root, full, tmp_path / "en.pdf", lang="en")
    text = "\n".join(_pages(rep.output))
    assert "I bought 100 cups" in text and "said it was normal" in text
    assert "Close-up of the scratches and dents" in text
    assert "Evidence dossier · Evidence dossier" not in text
    assert "`" not in text


def test_cli_build_warns_once(tmp_path) -> None:
    root = tmp_path / "c"
    write_jpeg(root / "product" / "a.jpg", dto="2025:12:15 17:00:00")
    (root / "case.toml").write_text(
        '[case]\norder_id = "123"\nlanguage = "zh"\nstatement = "货物破损"\n'
        '[[file]]\npath = "product/a.jpg"\ncaption = "破损"\n',
        encoding="utf-8",
    )
    res = CliRunner().invoke(
        cli, ["build", str(root), "--lang", "en", "--at", "2025-12-18T04:03+08:00",
              "-o", str(tmp_path / "o.pdf")],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert res.stderr.count("English dossier of a Chinese case") == 1
    assert "statement_en" in res.stderr and "caption_en (1 [[file]])" in res.stderr


def test_init_placeholders_never_printed(tmp_path) -> None:
    root = tmp_path / "new"
    init_case(root)
    write_jpeg(root / "product" / "a.jpg", dto="2025:12:15 17:00:00")
    runner = CliRunner()
    audit = runner.invoke(cli, ["audit", str(root), "--json"])
    assert '"EK206"' in audit.output and '"EK205"' in audit.output
    res = runner.invoke(cli, ["build", str(root), "-o", str(tmp_path / "o.pdf")])
    assert res.exit_code == 0, res.output
    assert "EK206" in res.stderr and "EK205" in res.stderr
    pages = _pages(tmp_path / "o.pdf")
    text = "\n".join(pages)
    assert "What happened" not in text and "in your own words" not in text
    assert all(p.splitlines()[0] == "订单号 —" for p in pages)
    assert "new" not in pages[0].splitlines()[0]  # never the folder name in its place
    letter = runner.invoke(cli, ["letter", str(root)])
    assert "What happened" not in letter.output


def test_no_case_toml_shows_no_claim(tmp_path) -> None:
    root = tmp_path / "bare"
    write_jpeg(root / "product" / "a.jpg", dto="2025:12:15 17:00:00")
    res = CliRunner().invoke(cli, ["build", str(root), "-o", str(tmp_path / "o.pdf")])
    assert res.exit_code == 0, res.output
    pages = _pages(tmp_path / "o.pdf")
    assert _cover_value(tmp_path / "o.pdf", "请求") == "—"
    assert _cover_value(tmp_path / "o.pdf", "买家身份") == "—"
    assert _cover_value(tmp_path / "o.pdf", "平台") == "—"
    text = "\n".join(pages)
    for default in ("质量问题", "仅退款", "消费者", "请求事项"):
        assert default not in text, default


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm absent")
def test_exhibit_list_page_renders(case, tmp_path) -> None:
    """The list page rasterises (what the README shows); a smoke test of the table."""
    import subprocess

    root, result = case
    rep = _build(root, result, tmp_path / "zh.pdf")
    reader = PdfReader(str(rep.output))
    top = [o for o in reader.outline if not isinstance(o, list)]
    n = next(reader.get_destination_page_number(o) for o in top if o.title == "证据目录") + 1
    subprocess.run(
        ["pdftoppm", "-r", "60", "-f", str(n), "-l", str(n), "-png", str(rep.output),
         str(tmp_path / "p")], check=True,
    )  # fmt: skip
    assert list(tmp_path.glob("p*.png"))
