from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from evidencekit.case.load import load_case
from evidencekit.case.scaffold import init_case
from evidencekit.errors import CaseError
from evidencekit.models import Category


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "case.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_missing_case_toml_gives_defaults(tmp_path: Path) -> None:
    case = load_case(tmp_path)
    assert case.has_file is False
    assert case.timezone == "Asia/Shanghai"
    assert case.language == "zh"


def test_full_case_parses(tmp_path: Path) -> None:
    case = load_case(
        _write(
            tmp_path,
            """
[case]
platform = "1688"
order_id = "3891234567890123"
timezone = "Asia/Shanghai"
buyer_type = "business"
claim = "quality"
refund_type = "return_refund"
amount = "1280.00"
seven_day = true

[[event]]
kind = "delivered"
at = "2025-12-15 16:30"
[[event]]
kind = "shipped"
at = "2025-12-12T10:00:00+08:00"
tracking = "SF1234567890123"

[[file]]
path = "product/a.jpg"
caption = "划痕"
category = "parcel"
""",
        )
    )
    assert case.platform == "1688" and case.seven_day is True
    # events sorted chronologically
    assert [e.kind for e in case.events] == ["shipped", "delivered"]
    d = case.events[1]
    assert d.at_local == datetime(2025, 12, 15, 16, 30)
    assert d.offset_minutes == 480 and d.offset_assumed
    assert case.events[0].offset_assumed is False
    assert case.events[0].tracking == "SF1234567890123"
    assert case.files[0].category is Category.PARCEL
    assert case.files[0].caption == "划痕"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('[case]\nplatform = "aliexpress"\n', "line 2: [case] platform"),
        ('[case]\n\ntimezone = "Mars/Base"\n', "line 3: [case] timezone"),
        ('[case]\nclaim = "quality"\n[[event]]\nkind = "delivred"\nat = "2025-12-15"\n', "line 4"),
        ('[[event]]\nkind = "paid"\nat = "yesterday"\n', "line 3: [[event]] #1 at"),
        ('[[file]]\ncaption = "x"\n', "[[file]] #1"),
        ('[case]\namount = "12,80x"\n', "line 2: [case] amount"),
        ('[case]\nplatform = "1688\n', "line 2"),
    ],
)
def test_errors_name_key_and_line(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(CaseError) as exc:
        load_case(_write(tmp_path, text))
    assert needle in str(exc.value)


def test_unknown_key_is_a_warning_with_line(tmp_path: Path) -> None:
    case = load_case(_write(tmp_path, '[case]\nplatfrom = "1688"\n'))
    assert [w.code for w in case.warnings] == ["EK202"]
    assert "line 2" in case.warnings[0].message and "platfrom" in case.warnings[0].message


def test_init_scaffolds_and_refuses_overwrite(tmp_path: Path) -> None:
    created = init_case(tmp_path / "c")
    assert "case.toml" in created and "product/" in created
    assert (tmp_path / "c" / "chat").is_dir()
    case = load_case(tmp_path / "c")  # the template itself is valid
    assert case.platform == "1688"
    with pytest.raises(CaseError):
        init_case(tmp_path / "c")
