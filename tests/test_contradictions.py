"""Issue 15: contradictions are findings (EK350-EK352, EK207, EK208); amounts never print as
¥1280.0; every case.toml snippet a finding or an error advises parses as case.toml."""

from __future__ import annotations

import ast
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.audit.checks.contradictions import contradiction_findings
from evidencekit.audit.checks.timeline import timeline_findings
from evidencekit.case.keys import _CASE_OTHER_KEYS, _CASE_STR_KEYS, _EVENT_KEYS, _FILE_KEYS
from evidencekit.case.load import parse_case_text
from evidencekit.cli import cli
from evidencekit.errors import CaseError
from evidencekit.models import Finding
from evidencekit.outputs.letter import RECIPIENTS, letter_texts
from tests.util import write_jpeg

SRC = Path(__file__).resolve().parents[1] / "src" / "evidencekit"
NOW = datetime(2025, 12, 20, 2, 0, tzinfo=UTC)
FULL_WIDTH_ONLY = re.compile(r"[\u4e00-\u9fff][,;:]|[,;:][\u4e00-\u9fff]")


def case_text(*events: tuple[str, str], extra: str = "") -> str:
    head = '[case]\nplatform = "1688"\norder_id = "1"\n' + extra
    return head + "".join(f'\n[[event]]\nkind = "{k}"\nat = "{at}"\n' for k, at in events)


def codes(fs: list[Finding]) -> list[str]:
    return [f.code for f in fs]


def test_delivered_or_signed_before_shipped() -> None:
    c = parse_case_text(
        case_text(("shipped", "2025-12-12 15:40"), ("delivered", "2025-12-11 10:00"))
    )
    fs = contradiction_findings(c, NOW)
    assert codes(fs) == ["EK350"]
    f = fs[0]
    assert "case.toml line 9" in f.message and "before" in f.message
    assert "“送达”事件（2025-12-11 10:00 +08:00）早于“卖家发货”事件" in f.message_zh
    assert not FULL_WIDTH_ONLY.search(f.message_zh + f.remedy_zh)
    signed = parse_case_text(
        case_text(("shipped", "2025-12-12 15:40"), ("signed", "2025-12-12 15:00"))
    )
    assert codes(contradiction_findings(signed, NOW)) == ["EK350"]
    fine = parse_case_text(
        case_text(("shipped", "2025-12-12 15:40"), ("delivered", "2025-12-12 15:40"))
    )
    assert contradiction_findings(fine, NOW) == []


def test_events_in_the_future_of_the_audit_time() -> None:
    c = parse_case_text(
        case_text(
            ("ordered", "2025-12-10 09:00"),
            ("signed", "2026-12-15 16:30"),  # the year mistyped
            ("estimated_delivery", "2025-12-28 18:00"),  # may lie ahead: not flagged
        )
    )
    fs = contradiction_findings(c, NOW)
    assert codes(fs) == ["EK351"]
    assert "2026-12-15 16:30 +08:00" in fs[0].message_zh and "--at" in fs[0].message
    # the same events at a later --at: nothing in the future
    assert contradiction_findings(c, datetime(2027, 1, 1, tzinfo=UTC)) == []


def test_return_shipped_before_the_seller_agreed() -> None:
    c = parse_case_text(
        case_text(("return_shipped", "2025-12-16 09:00"), ("seller_agreed", "2025-12-16 10:00"))
    )
    fs = contradiction_findings(c, NOW)
    assert codes(fs) == ["EK352"] and "早于卖家同意退货" in fs[0].message_zh
    ok = parse_case_text(
        case_text(("seller_agreed", "2025-12-16 09:00"), ("return_shipped", "2025-12-16 10:00"))
    )
    assert contradiction_findings(ok, NOW) == []


@pytest.mark.parametrize(
    ("claim", "claimed", "flagged"),
    [
        ("quality", "1280.00", False),  # the whole order: at the ceiling, fine
        ("quality", "1280.01", True),
        ("quality", "12800.00", True),  # a digit too many
        ("counterfeit", "5120.00", False),  # 1280 back + 3 x 1280 (消法第五十五条)
        ("counterfeit", "5120.01", True),
    ],
)
def test_claimed_amount_above_the_order_amount(claim: str, claimed: str, flagged: bool) -> None:
    extra = f'claim = "{claim}"\namount = "1280.00"\nclaimed_amount = "{claimed}"\n'
    fs = contradiction_findings(parse_case_text(case_text(extra=extra)), NOW)
    assert codes(fs) == (["EK353"] if flagged else [])
    if flagged:
        assert f"主张金额{claimed}元高于订单金额1280.00元" in fs[0].message_zh
        assert not FULL_WIDTH_ONLY.search(fs[0].message_zh + fs[0].remedy_zh)


def test_counterfeit_ceiling_is_at_least_500() -> None:
    extra = 'claim = "counterfeit"\namount = "20.00"\nclaimed_amount = "520.00"\n'
    assert contradiction_findings(parse_case_text(case_text(extra=extra)), NOW) == []
    over = extra.replace("520.00", "520.01")
    assert codes(contradiction_findings(parse_case_text(case_text(extra=over)), NOW)) == ["EK353"]


def test_cli_audit_at_reports_future_event(tmp_path: Path) -> None:
    (tmp_path / "product").mkdir()
    write_jpeg(tmp_path / "product" / "a.jpg")
    (tmp_path / "case.toml").write_text(
        case_text(("shipped", "2025-12-12 15:40"), ("signed", "2025-12-19 10:00")),
        encoding="utf-8",
    )
    res = CliRunner().invoke(cli, ["audit", str(tmp_path), "--json", "--at", "2025-12-18T10:00Z"])
    found = {f["code"] for f in json.loads(res.stdout)["findings"]}
    assert "EK351" in found
    res = CliRunner().invoke(cli, ["audit", str(tmp_path), "--json", "--at", "2025-12-20T10:00Z"])
    assert "EK351" not in {f["code"] for f in json.loads(res.stdout)["findings"]}


def test_timeline_findings_include_contradictions() -> None:
    c = parse_case_text(
        case_text(("shipped", "2025-12-12 15:40"), ("delivered", "2025-12-11 10:00"))
    )
    assert "EK350" in codes(timeline_findings(c, [], NOW))


@pytest.mark.parametrize(("raw", "want"), [("1280.0", "1280.00"), ('"1280.5"', "1280.50"),
                                            ("1280", "1280.00"), ('"1,280"', "1280.00")])  # fmt: skip
def test_amount_never_prints_as_1280_0(raw: str, want: str) -> None:
    c = parse_case_text(case_text(("signed", "2025-12-15 16:30"), extra=f"amount = {raw}\n"))
    assert c.amount == want
    if not raw.startswith('"'):
        (w,) = [w for w in c.warnings if w.code == "EK207"]
        assert f'amount = "{want}"' in w.remedy and f'amount = "{want}"' in w.remedy_zh
    for to in RECIPIENTS:
        for lang in ("zh", "en"):
            lt = letter_texts(c, [], [], {}, to, lang, NOW)
            text = "\n".join((lt.title, lt.body, lt.short, lt.long))
            assert not re.search(r"1280\.[05](?!\d)", text), (to, lang)


def test_cover_amount_is_two_decimals_even_from_the_api() -> None:
    from evidencekit.dossier.render.text import amount_text

    assert amount_text("CNY", "1280.0") == "CNY 1280.00"
    assert amount_text("CNY", "") == "—"


# --- every remedy snippet parses as case.toml ----------------------------------------------------

PAIR = re.compile(r'\b([a-z_]+) = ("[^"\x00]*"|true|false|\d+)(?![\w.])')
EVENT_DEFAULT_AT = 'at = "2025-12-15 10:00"'
CASE_KEYS = set(_CASE_STR_KEYS) | set(_CASE_OTHER_KEYS)


def snippet_tables(text: str) -> list[str]:
    """Each ``key = value`` a text advises, as the case.toml table it belongs in."""
    out = []
    for key, value in PAIR.findall(text):
        if key in _EVENT_KEYS:
            kind = "" if key == "kind" else 'kind = "other"\n'
            at = "" if key == "at" else EVENT_DEFAULT_AT + "\n"
            out.append(f"[[event]]\n{kind}{at}{key} = {value}\n")
        elif key in _FILE_KEYS:
            path = "" if key == "path" else 'path = "a.jpg"\n'
            out.append(f"[[file]]\n{path}{key} = {value}\n")
        else:
            out.append(f"[case]\n{key} = {value}\n")
    return out


def _strings(node: ast.AST) -> list[str]:
    """String constants of a call's arguments; f-string placeholders become \\x00."""
    out = []
    for arg in [*getattr(node, "args", []), *(k.value for k in getattr(node, "keywords", []))]:
        for sub in ast.walk(arg):
            if isinstance(sub, ast.JoinedStr):
                out.append(
                    "".join(v.value if isinstance(v, ast.Constant) else "\x00" for v in sub.values)
                )
            elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                out.append(sub.value)
    return out


def static_remedies() -> list[tuple[str, str]]:
    """(where, text) for every string passed to finding()/Finding()/CaseError()."""
    out = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in ("finding", "Finding", "CaseError"):
                    out += [(f"{path.name}:{node.lineno}", s) for s in _strings(node)]
    return out


def dynamic_remedies() -> list[tuple[str, str]]:
    """Remedies as printed, for cases that trigger the case.toml, contradiction and timeline
    findings (f-string snippets such as EK207's only exist here)."""
    texts = [
        case_text(("shipped", "2025-12-12 15:40"), ("delivered", "2025-12-11 10:00")),
        case_text(("return_shipped", "2025-12-16 09:00"), ("seller_agreed", "2025-12-17 10:00")),
        case_text(("signed", "2026-12-15 16:30")),
        case_text(("signed", "2025-11-15 16:30"), extra='claim = "no_reason"\nbuyer_type = "business"\n'),
        case_text(extra='refund_type = "return_refund"\n'),
        case_text(extra='amount = 1280.0\nclaimed_amount = 800\ninsured_value = 2000.5\n')
        + '[[file]]\npath = "a.jpg"\n[[file]]\npath = "a.jpg"\n',
    ]  # fmt: skip
    out = []
    for t in texts:
        c = parse_case_text(t)
        for f in [*c.warnings, *timeline_findings(c, [], NOW)]:
            out += [(f.code, f.remedy), (f.code, f.remedy_zh), (f.code, f.message)]
    return out


def test_snippet_extraction_is_not_vacuous() -> None:
    assert snippet_tables('add [[event]] kind = "signed" with the time') == [
        f'[[event]]\n{EVENT_DEFAULT_AT}\nkind = "signed"\n'
    ]
    assert not set(_EVENT_KEYS) & CASE_KEYS and not set(_FILE_KEYS) & CASE_KEYS
    assert snippet_tables('e.g. amount = "1280.00"') == ['[case]\namount = "1280.00"\n']
    bad = snippet_tables('add [[event]] kind = "signed_at"')[0]
    with pytest.raises(CaseError):
        parse_case_text(bad)


def test_every_remedy_snippet_parses_as_case_toml() -> None:
    seen: set[str] = set()
    found = static_remedies() + dynamic_remedies()
    for where, text in found:
        for table in snippet_tables(text):
            c = parse_case_text(table)  # a wrong kind or value raises CaseError
            unknown = [w.message for w in c.warnings if w.code == "EK202"]
            assert not unknown, (where, text, unknown)
            seen.add(table.split("\n")[-2].split(" = ")[0] if "kind" not in table else table)
    joined = "\n".join(seen)
    for must in ('kind = "complained"', 'kind = "signed"', 'kind = "return_shipped"',
                 'kind = "seller_agreed"', "amount", "order_id", "claim"):  # fmt: skip
        assert must in joined, must
