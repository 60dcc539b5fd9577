"""Issue 19: NFC/NFD twins (``café.jpg`` composed and decomposed in one folder) stay two files
with two exhibit numbers, no false "changed since the audit", and a finding names them."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.crashcase import exhibited, make_case, photo, run

PDF = "dossier/1234567890-evidence.pdf"


def _twins(case: Path, word: str) -> tuple[str, str]:
    nfc, nfd = (unicodedata.normalize(f, f"{word}.jpg") for f in ("NFC", "NFD"))
    photo(case / "product" / nfc, size=(400, 300))
    photo(case / "product" / nfd, size=(300, 400), quality=70)  # different bytes
    return f"product/{nfc}", f"product/{nfd}"


def test_nfc_nfd_twins_are_two_exhibits(tmp_path: Path) -> None:
    case = make_case(tmp_path / "c")
    a, b = _twins(case, "café")
    code, out = run("audit", str(case), "--json")
    doc = json.loads(out)
    paths = [it["path"] for it in doc["items"]]
    assert a in paths and b in paths and a != b
    shas = {it["path"]: it["sha256"] for it in doc["items"]}
    assert shas[a] != shas[b]
    codes = [f["code"] for f in doc["findings"]] + [
        f["code"] for it in doc["items"] for f in it["findings"]
    ]
    assert codes.count("EK010") == 1, codes
    code, out = run("build", str(case))
    assert code == 0, out  # no false "changed since the audit"
    assert "changed" not in out
    ex = exhibited(case / PDF)
    assert a in ex and b in ex
    from evidencekit.dossier.manifest import ATTACHMENT_NAME
    from evidencekit.dossier.postprocess import read_dossier

    files = json.loads(read_dossier(case / PDF).attachments[ATTACHMENT_NAME])["files"]
    numbers = [f["exhibit"] for f in files if f["path"] in (a, b)]
    assert len(set(numbers)) == 2, numbers
    code, out = run("verify", str(case / PDF), "--case", str(case))
    assert code == 0, out


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(["café", "Ångström", "naïve", "Œuvre-é", "한글"]))
def test_any_twin_pair_keeps_both(tmp_path_factory, word: str) -> None:  # type: ignore[no-untyped-def]
    case = make_case(tmp_path_factory.mktemp("t") / "c")
    a, b = _twins(case, word)
    code, out = run("audit", str(case), "--json")
    paths = [it["path"] for it in json.loads(out)["items"]]
    assert (a in paths and b in paths) == (a != b), (a, b, paths)
