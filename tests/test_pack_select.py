"""Upload-pack selection (outputs/pack_select.py) on the bundled sample case: 15 exhibits, a
1688 refund application takes 5 images. Copies and exhibits with error findings go first,
what the claim needs stays, and the description text cites exactly the packed exhibits."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from evidencekit.api import audit
from evidencekit.dossier.selection import exhibit_numbers, exhibit_order
from evidencekit.options import AuditOptions
from evidencekit.outputs.letter import text_units
from evidencekit.outputs.pack import build_pack
from evidencekit.outputs.pack_select import choose, sheet_count
from evidencekit.rules.profiles import get_profile
from tests.util import copy_sample

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "1688-quality-case"
NOW = datetime(2025, 12, 18, 2, 0, tzinfo=UTC)
NUMBER = re.compile(r"(E-\d+|\d+-\d+)(?:–(E-\d+|\d+-\d+))?")


def cited(text: str, numbers: list[str]) -> set[str]:
    """The exhibit numbers a text cites, ranges (E-02–E-07) expanded over ``numbers`` (all
    exhibit numbers in order)."""
    out: set[str] = set()
    for a, b in NUMBER.findall(text):
        if a not in numbers or (b and b not in numbers):
            out.add(a if a not in numbers else b)  # a number that is no exhibit at all
            continue
        i, j = numbers.index(a), numbers.index(b or a)
        assert i <= j, text
        out |= set(numbers[i : j + 1])
    return out


def _case(tmp: Path, claim: str = "quality", transit: bool = True) -> tuple[Path, object]:
    root = copy_sample(tmp / "case")
    toml = (root / "case.toml").read_text(encoding="utf-8")
    toml = toml.replace('claim = "quality"', f'claim = "{claim}"')
    if not transit:  # the seller no longer blames the transport
        toml = toml.replace("称划痕系运输造成，", "")
    (root / "case.toml").write_text(toml, encoding="utf-8")
    return root, audit(AuditOptions(root, now=NOW, jobs=1))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory):
    return _case(tmp_path_factory.mktemp("pack"))


def _numbers(result) -> list[str]:
    items = exhibit_order(result.items, result.case)
    return list(exhibit_numbers(items, result.case).values())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_copies_and_errors_go_first_and_the_claims_needs_stay(sample, tmp_path, lang):
    root, result = sample
    numbers = _numbers(result)
    profile = get_profile("1688-apply")
    assert len(numbers) == 15 > (profile.max_count or 0)
    rep = build_pack(result, root, "1688-apply", tmp_path / lang, now=NOW, lang=lang)
    packed = {n for s in rep.sheets for n in s.exhibits}
    assert len(rep.sheets) == 5 and packed | set(rep.left_out) == set(numbers)
    why = {r.number: r for r in rep.reasons}
    # E-01 is a byte-identical copy of E-02 (EK111), E-08 the same picture forwarded over
    # WeChat (EK450), E-13 a parcel photo taken before the delivery (EK302, an error)
    assert (why["E-01"].reason, why["E-01"].of) == ("copy", "E-02")
    assert (why["E-08"].reason, why["E-08"].of) == ("near_copy", "E-02")
    assert (why["E-13"].reason, why["E-13"].codes) == ("error", ("EK302",))
    assert {"E-03", "E-04", "E-05", "E-06"} <= packed  # the defect close-ups
    assert "E-09" in packed  # the listing's promise, captured before the order
    assert "E-12" in packed  # the seller's refusal
    assert "E-14" in packed  # the waybill: the seller blames the transport
    # the text cites exactly the exhibits in the images, within 1688's 150 characters
    assert cited(rep.description, numbers) == packed
    assert text_units(rep.description) <= 150
    text = rep.text_file.read_text(encoding="utf-8")
    assert rep.description in text and (
        "E-02为同一文件" in text if lang == "zh" else "a copy" in text
    )
    if lang == "zh":  # a Chinese pack.txt: full-width colons, no English limits line
        assert ": " not in text and "images" not in text and "最多5张" in text
        assert "E-02、E-03" in text
    else:
        assert "：" not in text and "<= 5 images" in text


def test_priority_depends_on_the_claim(tmp_path):
    kept = {}
    for claim in ("damaged", "not_as_described", "missing", "wrong_item", "not_received"):
        _, result = _case(tmp_path / claim, claim, transit=False)
        numbers = _numbers(result)
        exhibits = list(zip(numbers, exhibit_order(result.items, result.case), strict=True))
        chosen, left = choose(exhibits, result.case, 5, result.pixels)
        assert sheet_count(chosen) <= 5
        assert {r.number for r in left} >= {"E-01", "E-08", "E-13"}
        kept[claim] = {n for n, _ in chosen}
    for claim in ("damaged", "missing", "wrong_item", "not_received"):
        assert "E-14" in kept[claim], claim  # the waybill photo (its barcode matches)
    assert "E-14" not in kept["not_as_described"]  # there the second listing page
    assert "E-10" in kept["not_as_described"]
    assert all("E-12" in k for k in kept.values())  # the refusal, always


def test_everything_packed_when_it_fits(sample, tmp_path):
    """1688's return vouchers take 10 images: nothing is dropped, copies and flawed exhibits
    included, and the text cites every one of them."""
    root, result = sample
    rep = build_pack(result, root, "1688-return", tmp_path, now=NOW)
    packed = {n for s in rep.sheets for n in s.exhibits}
    assert rep.left_out == () and packed == set(_numbers(result))
    assert cited(rep.description, _numbers(result)) == packed


def test_a_tiny_pack_keeps_the_close_ups_and_the_refusal(sample):
    _, result = sample
    numbers = _numbers(result)
    exhibits = list(zip(numbers, exhibit_order(result.items, result.case), strict=True))
    chosen, _ = choose(exhibits, result.case, 2, result.pixels)
    assert {n for n, _ in chosen} >= {"E-03", "E-04", "E-05", "E-06", "E-12"}


def test_fit_ranked_keeps_reading_order_and_drops_the_least_important():
    from evidencekit.outputs.textfit import fit_ranked

    slots = [(0, ["AAAA"]), (3, ["refusal "]), (1, ["request long ", "req "]), (2, ["E-01"])]
    assert fit_ranked(slots, None) == "AAAArefusal request long E-01"
    assert fit_ranked(slots, 21) == "AAAArequest long E-01"  # the refusal goes first
    assert fit_ranked(slots, 12) == "AAAAreq E-01"  # then the shorter request
    assert fit_ranked([(0, ["x" * 20])], 5) == "xxxx…"  # the first slot alone: cut
