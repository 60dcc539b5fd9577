"""What the web page says (issue 15 on the page): advice deadlines, the pack's left-out
exhibits, merchant-side and page-fee notes, form errors in plain words, no English-only or
case.toml words on the Chinese page. Rendered through the serve test client."""

from __future__ import annotations

import html
import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from evidencekit.serve import words  # noqa: E402
from evidencekit.serve.app import make_app  # noqa: E402

SAMPLE = Path(__file__).parents[1] / "samples" / "1688-quality-case"
TOKEN, PORT = "t0ken-for-tests", 8765
BASE = f"http://127.0.0.1:{PORT}"
# Two days after the seller refused: the 5-day modify window (a content-farm source,
# confidence L) is the next deadline.
NOW = datetime.fromisoformat("2025-12-18T12:00:00+08:00")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
    shutil.copytree(SAMPLE, tmp_path / "sample")
    return tmp_path


def _client(root: Path, lang: str = "zh") -> TestClient:
    app = make_app(root, TOKEN, {f"127.0.0.1:{PORT}"}, PORT)
    c = TestClient(app, base_url=BASE, follow_redirects=False, headers={"origin": BASE})
    assert c.get(f"/?token={TOKEN}").status_code == 303
    if lang == "en":
        c.cookies.set("ek_lang", "en")
    return c


def _deadlines(html: str) -> list[str]:
    return re.findall(r'<li class="([^"]*)">(.*?)</li>', html.split('class="deadlines"')[1])


def test_low_confidence_deadlines_read_as_advice_on_the_page(root):
    c = _client(root)
    html = c.get("/case/sample/findings").text
    rows = _deadlines(html)
    advice = [text for cls, text in rows if "advice" in cls.split()]
    assert advice and all("以平台页面为准" in t and "参考" in t for t in advice)
    assert any("next" in cls.split() and "advice" in cls.split() for cls, _ in rows)
    # not-applicable windows are not advice and carry no marker
    assert all("参考" not in t for cls, t in rows if "advice" not in cls.split())
    assert "实际以平台页面上显示的倒计时为准" in html
    card = c.get("/").text
    due = re.search(r'<dd class="due advice">(.*?)</dd>', card, re.S)
    assert due, card
    title, _, when = due.group(1).partition("<br>")
    assert "卖家拒绝后买家5天内修改申请" in title  # which deadline
    assert when.startswith("约") and "一般为5天，以平台页面为准" in when
    en = _client(root, "en")
    assert "the platform&#39;s own page decides" in en.get("/").text
    assert "estimate" in en.get("/case/sample/findings").text


def test_pack_result_names_what_was_left_out_and_why(root):
    for lang, want in (
        ("zh", ("同一个文件", "平台最多收5张图片", "自查发现严重问题", "IMG_20251214_110205.jpg")),
        (
            "en",
            ("the same file as", "at most 5 images", "error finding", "IMG_20251214_110205.jpg"),
        ),
    ):
        r = _client(root, lang).post("/case/sample/pack", data={"platform": "1688-apply"})
        assert r.status_code == 200, r.text
        assert 'id="pack-left-out"' in r.text
        box = r.text.split('id="pack-left-out"')[1].split("</div>")[0]
        for w in want:
            assert w in box, (lang, w, box)
        assert "evidencekit audit" not in box


def _profile_block(html: str, key: str) -> str:
    return html.split(f'data-profile="{key}"')[1].split("</div>")[0]


def test_profile_menus_show_merchant_and_page_fee_notes(root):
    zh = _client(root).get("/case/sample").text
    for key in ("stripe", "mastercard", "amex"):
        assert "商户端限制" in _profile_block(zh, key) and "发卡行" in _profile_block(zh, key)
    for key in ("standard", "paypal", "archive"):
        assert "商户端" not in _profile_block(zh, key)
    assert "19页不是上限，而是收费门槛" in _profile_block(zh, "mastercard")
    assert "19页" not in _profile_block(zh, "amex")
    assert '<option value="mastercard">万事达卡（Mastercom）拒付材料</option>' in zh
    assert '<option value="1688-apply">1688 退款申请凭证</option>' in zh
    en = _client(root, "en").get("/case/sample").text
    assert "€1 per page beyond 19" in _profile_block(en, "mastercard")
    assert "card issuer" in _profile_block(en, "amex")


def test_build_fee_note_counts_the_pages_beyond_the_threshold():
    zh = words.fee_note("mastercard", 23, "zh")
    assert "超出19页的收费门槛4页" in zh and "€4" in zh and "不会因此被拒收" in zh
    assert "€1 per page" in words.fee_note("mastercard", 23, "en")
    assert "未超过19页" in words.fee_note("mastercard", 12, "zh")
    assert words.fee_note("amex", 30, "zh") == "" and words.fee_note("standard", 30, "en") == ""


def test_chinese_page_has_no_raw_values_nor_case_toml_terms(root):
    c = _client(root)
    page = c.get("/case/sample").text
    options = re.findall(r"<option[^>]*>([^<]*)</option>", page)
    raw = [o for o in options if re.fullmatch(r"[a-z_]+|event_\w+|\w+_\w+", o)]
    assert not raw, raw
    text = re.sub(r"<[^>]+>", " ", page)
    for bad in ("case.toml", "[[event]]", "exclude = true", "seven_day", "exif:", "filename:"):
        assert bad not in text, bad
    assert "Choose Files" not in page and "选择文件" in page


def test_form_errors_name_the_field_and_the_fix(root):
    c = _client(root)
    r = c.post("/case/sample/details", data={"amount": "12元"})
    assert "金额：“12元”不对，请只填写数字，例如 1280.00" in r.text and "case.toml" not in r.text
    r = c.post("/case/sample/details", data={"timezone": "Beijing"})
    assert "时区：" in r.text and "Asia/Shanghai" in r.text
    r = c.post("/case/sample/details", data={"reply_days": "0"})
    assert "给卖家的答复期限（天）：请填写1到365之间的天数" in r.text
    assert c.post("/case/sample/details", data={"reply_days": "5"}).text.count("✓") == 1
    assert "reply_days = 5" in (root / "sample" / "case.toml").read_text(encoding="utf-8")
    en = _client(root, "en").post("/case/sample/details", data={"amount": "x"})
    assert "Amount: “x” is not right: write digits only" in en.text


def test_seven_day_checkbox_saves_and_clears(root):
    c = _client(root)
    toml = root / "sample" / "case.toml"
    assert c.post("/case/sample/details", data={"seven_day": "on"}).status_code == 200
    assert "seven_day = true" in toml.read_text(encoding="utf-8")
    c.post("/case/sample/details", data={"seven_day": ""})
    assert "seven_day" not in toml.read_text(encoding="utf-8")


def test_letters_are_headed_and_advice_is_shown_to_the_user(root):
    html = _client(root).post("/case/sample/letters").text
    assert "聊天简版" in html and "申请说明" in html and "提示：" in html
    for bad in ("case.toml", "reply_days", "statement_platform"):
        assert bad not in html, bad


def test_profiles_text_is_chinese_by_default_and_english_on_request():
    from click.testing import CliRunner

    from evidencekit.cli import cli
    from evidencekit.rules.profiles import all_profiles

    zh = CliRunner().invoke(cli, ["profiles"])
    en = CliRunner().invoke(cli, ["profiles", "--lang", "en"])
    assert zh.exit_code == 0 and en.exit_code == 0
    for p in all_profiles():
        assert p.title_zh and p.title_en and p.note_zh, p.key
        assert p.title_zh in zh.output and p.note_zh in zh.output
        assert p.limits_text("zh") in zh.output and p.limits_text("en") in en.output
        assert "<=" not in p.limits_text("zh") and not re.search(r"[\u4e00-\u9fff]", p.note)
    assert "19页以内免费，超出每页€1" in zh.output and "no upload limit" in en.output
    assert "Under 10 MB per file" not in zh.output and "商户端" not in en.output
    rows = json.loads(CliRunner().invoke(cli, ["profiles", "--json"]).output)["profiles"]
    assert all(r["limits_zh"] and r["note_zh"] for r in rows)


def test_a_broken_case_toml_names_the_file_the_line_and_the_fix(root):
    toml = root / "sample" / "case.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[case]\n", encoding="utf-8")
    page = _client(root).get("/case/sample").text
    box = page.split('id="case-problem"')[1].split("</div>")[0]
    assert str(toml) in box and "本页无法读取" in box and "刷新本页" in box
    assert re.search(r"修改第\d+行", box), box
    assert "打开案件可以看到怎么修改" in _client(root).get("/").text


def test_pack_of_a_case_without_files_says_what_to_do(tmp_path, monkeypatch):
    from evidencekit.api import init_case

    init_case(tmp_path / "empty")
    r = _client(tmp_path).post("/case/empty/pack", data={"platform": "1688-apply"})
    assert "没有可以做成上传图片的文件" in r.text or "未保存" in r.text


def _case_toml(root: Path) -> str:
    return (root / "sample" / "case.toml").read_text(encoding="utf-8")


def test_quantities_and_claimed_amount_save_and_clear(root):
    c = _client(root)
    page = c.get("/case/sample").text
    for key in ("quantity", "defective_quantity", "claimed_amount"):
        assert f'id="f-{key}"' in page, key
    assert 'value="8"' in page.split('id="f-quantity"')[1].split(">")[0]
    # the computed default (1280.00 x 5/8) is shown next to the empty field
    assert (
        '留空则按有问题件数比例计算（现在按此计算为<span class="nowrap">人民币800.00元</span>）'
        in page
    )
    r = c.post(
        "/case/sample/details",
        data={"quantity": "10", "defective_quantity": "4", "claimed_amount": ""},
    )
    assert "✓" in r.text and "人民币512.00元" in r.text and 'hx-swap-oob="true"' in r.text
    text = _case_toml(root)
    assert "quantity = 10" in text and "defective_quantity = 4" in text
    assert "claimed_amount" not in text.split("[[event]]")[0].replace("# claimed_amount", "")
    assert "# Sample case generated" in text  # comments kept
    r = c.post("/case/sample/details", data={"claimed_amount": "600", "defective_quantity": ""})
    assert "✓" in r.text
    text = _case_toml(root)
    assert 'claimed_amount = "600"' in text and "defective_quantity" not in text
    # fullwidth digits from a Chinese keyboard are numbers too
    assert "✓" in c.post("/case/sample/details", data={"quantity": "８"}).text
    assert "quantity = 8" in _case_toml(root)


@pytest.mark.parametrize(
    ("data", "zh", "en"),
    [
        (
            {"quantity": "8", "defective_quantity": "9"},
            "有问题的件数：“9”比订单数量（8件）还多，请填写0到8之间的件数",
            "Defective units: “9” is more than the 8 units ordered: give a number from 0 to 8",
        ),
        (
            {"quantity": "-3"},
            "数量（件）：“-3”不对，请用整数填写订单共几件，例如 8",
            "Quantity (units): “-3” is not right: give the units ordered as a whole number",
        ),
        (
            {"defective_quantity": "五"},
            "有问题的件数：“五”不对，请用整数填写有问题的件数，例如 5",
            "Defective units: “五” is not right: give the affected units as a whole number",
        ),
        (
            {"quantity": "2.5"},
            "数量（件）：“2.5”不对，请用整数填写订单共几件",
            "Quantity (units): “2.5” is not right",
        ),
        (
            {"claimed_amount": "12800"},
            "主张金额：“12800.00”超过了订单金额1280.00，请改小；留空则按有问题件数比例计算（现在为800.00）",
            "Amount claimed: “12800.00” is more than the order amount 1280.00: lower it, or leave "
            "it empty to claim the affected units' share (800.00 now)",
        ),
        (
            {"claimed_amount": "-5"},
            "主张金额：“-5”不对，请只填写数字，例如 1280.00",
            "Amount claimed: “-5” is not right: write digits only",
        ),
        (
            {"claimed_amount": "八百"},
            "主张金额：“八百”不对，请只填写数字",
            "Amount claimed: “八百” is not right: write digits only",
        ),
    ],
)
def test_quantity_and_amount_errors_name_the_field_the_value_and_the_fix(root, data, zh, en):
    before = _case_toml(root)
    r = _client(root).post("/case/sample/details", data=data)
    assert zh in r.text and "case.toml" not in r.text and "✓" not in r.text
    assert en in html.unescape(_client(root, "en").post("/case/sample/details", data=data).text)
    assert _case_toml(root) == before  # nothing written


def test_counterfeit_claims_may_exceed_the_price(root):
    # 消费者权益保护法第五十五条: three times the price, so no upper limit for counterfeits
    r = _client(root).post(
        "/case/sample/details", data={"claim": "counterfeit", "claimed_amount": "3840"}
    )
    assert "✓" in r.text and 'claimed_amount = "3840"' in _case_toml(root)


def test_western_ids_show_on_their_platforms_only_and_save(root):
    c = _client(root)

    def shown(page: str, key: str) -> bool:
        tag = page.split(f'id="f-{key}"')[0].rsplit("<label", 1)[1]
        return " hidden" not in tag

    page = c.get("/case/sample").text  # 1688: the fields are there but hidden
    assert not any(shown(page, k) for k in ("transaction_id", "case_id", "request_id"))
    for platform, visible in (
        ("paypal", {"transaction_id"}),
        ("ebay", {"case_id", "request_id"}),
        ("amazon", {"case_id"}),
    ):
        assert "✓" in c.post("/case/sample/details", data={"platform": platform}).text
        page = c.get("/case/sample").text
        assert {k for k in ("transaction_id", "case_id", "request_id") if shown(page, k)} == visible
    assert "A-to-z" in page and "PayPal交易号" in page
    r = c.post(
        "/case/sample/details",
        data={
            "platform": "ebay",
            "case_id": " 5012345678 ",
            "request_id": "",
            "transaction_id": "",
        },
    )
    assert "✓" in r.text
    text = _case_toml(root)
    assert 'case_id = "5012345678"' in text
    assert "request_id" not in text and "transaction_id" not in text  # empty: not written
    c.post("/case/sample/details", data={"case_id": ""})
    assert "case_id" not in _case_toml(root)
