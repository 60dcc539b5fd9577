"""Issue 19, '"internal error" (exit 15) instead of a finding or a clear error': each class of
hostile input ends in a CaseError naming the key and its line (exit 3), a clear exit-4 error,
or a dossier of the rest of the case that passes its own verify. Generated inputs only."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekit.case.load import load_case
from evidencekit.errors import CaseError, ExitCode
from tests.hostile.crashcase import CASE_HEAD, exhibited, make_case, photo, run

EVENT = '[[event]]\nkind = "delivered"\nat = "2025-12-15 16:30"\n'


def _builds(case: Path) -> Path:
    code, out = run("build", str(case))
    assert code == 0, out
    pdf = case / "dossier" / "1234567890-evidence.pdf"
    code, out = run("verify", str(pdf), "--case", str(case))
    assert code == 0, out  # the manifest tells the truth about what is in the file
    return pdf


# --------------------------------------------------------------------------- case.toml


HOSTILE_TOML = [
    # (case.toml after [case], line the message names, words it must contain)
    ('[[event]]\nkind = "delivered"\nat = "0001-01-01 00:00"\n', 7, "[[event]] #1 at"),
    ('[[event]]\nkind = "delivered"\nat = 9999-12-31T23:59:00\n', 7, "year 9999"),
    ('[[file]]\npath = "product/scratch.jpg"\ntaken_at = "0001-01-01"\n', 7, "taken_at"),
    ('[[file]]\npath = "product/scratch.jpg"\ntaken_at = "9999-12-31 23:59"\n', 7, "year 9999"),
    ("reply_days = 9223372036854775807\n", 5, "[case] reply_days"),
    ("reply_days = -1\n", 5, "[case] reply_days"),
]
TOP_LEVEL = [
    # wrong types at the top level, written before [case] (TOML puts them there)
    ("file = [1, 2]\n", 1, "file must be a list of [[file]] tables"),
    ('event = ["delivered"]\n', 1, "event must be a list of [[event]] tables"),
    ("event = [[1, 2]]\n", 1, "event must be a list of [[event]] tables"),
    ('event = "delivered"\n', 1, "got str"),
    ("file = 5\n", 1, "got int"),
]


@pytest.mark.parametrize(("body", "line", "words"), HOSTILE_TOML)
def test_case_values_out_of_range_name_key_and_line(
    tmp_path: Path, body: str, line: int, words: str
) -> None:
    case = make_case(tmp_path / "c", CASE_HEAD + body)
    code, out = run("build", str(case))
    assert code == ExitCode.CASE_INVALID, out
    assert f"case.toml line {line}:" in out and words in out, out
    assert "internal error" not in out and "Traceback" not in out


@pytest.mark.parametrize(("head", "line", "words"), TOP_LEVEL)
def test_wrong_types_at_top_level(tmp_path: Path, head: str, line: int, words: str) -> None:
    case = make_case(tmp_path / "c", head + CASE_HEAD)
    code, out = run("audit", str(case))
    assert code == ExitCode.CASE_INVALID, out
    assert f"case.toml line {line}:" in out and words in out, out


@pytest.mark.parametrize(
    "deep",
    ["x = " + "[" * 1000 + "]" * 1000, "x = " + "{a = " * 1000 + "1" + "}" * 1000],
    ids=["arrays", "inline-tables"],
)
def test_deep_nesting_is_a_case_error(tmp_path: Path, deep: str) -> None:
    case = make_case(tmp_path / "c", CASE_HEAD + deep + "\n")
    code, out = run("audit", str(case))
    assert code == ExitCode.CASE_INVALID, out
    assert "nests arrays or inline tables too deeply" in out


def test_a_valid_case_after_the_errors_builds(tmp_path: Path) -> None:
    """The same case with the hostile line fixed builds (the error was the only problem)."""
    _builds(make_case(tmp_path / "c", CASE_HEAD + EVENT))


# Any value of any TOML type under any known key: load_case returns a Case or raises a
# CaseError, never anything else (the class behind the bullets above).
_scalars = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.datetimes(),
    st.sampled_from(["0001-01-01 00:00", "9999-12-31 23:59", "2025-12-15 16:30", "delivered"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("abk"), inner),
    max_leaves=6,
)
_case_keys = st.sampled_from(
    ["platform", "order_id", "amount", "timezone", "reply_days", "seven_day", "statement"]
)
_tables = st.dictionaries(
    st.sampled_from(["kind", "at", "path", "taken_at", "redact", "x"]), _values
)


def _toml_value(v: object) -> str:
    import datetime as dt
    import json

    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.isoformat()
    if isinstance(v, int | float):
        return repr(v) if isinstance(v, int) else (repr(v) if "e" not in repr(v) else "1.5")
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    assert isinstance(v, dict)
    return "{" + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + "}"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    case=st.dictionaries(_case_keys, _values, max_size=4),
    top=st.dictionaries(
        st.sampled_from(["event", "file"]), _values | st.lists(_tables, max_size=3)
    ),
)
def test_fuzzed_case_toml_is_a_case_or_a_case_error(
    tmp_path: Path, case: dict[str, object], top: dict[str, object]
) -> None:
    text = "".join(f"{k} = {_toml_value(v)}\n" for k, v in top.items())
    text += "[case]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in case.items())
    (tmp_path / "case.toml").write_text(text, encoding="utf-8")
    try:
        loaded = load_case(tmp_path)
    except CaseError as exc:
        assert "case.toml" in exc.message
        return
    for ev in loaded.events:
        assert 1970 <= ev.at_local.year <= 2099
        ev.utc  # noqa: B018 - must not overflow


# --------------------------------------------------------------------------- long values


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('order_id = "%s"\n' % ("9" * 300), "[case] order_id is 300 characters long; at most 64"),
        ('amount = "%s"\n' % ("9" * 5000), "[case] amount is 5,000 characters long"),
        ('statement = "%s"\n' % ("字" * 400_000), "[case] statement is 400,000 characters"),
        (
            '[[file]]\npath = "product/scratch.jpg"\ncaption = "%s"\n' % ("长" * 1_000_000),
            "[[file]] #1 caption is 1,000,000 characters long; at most 1,000",
        ),
    ],
    ids=["order_id", "amount", "statement", "caption"],
)
def test_over_long_fields_are_refused_with_their_key(tmp_path: Path, body: str, words: str) -> None:
    toml = CASE_HEAD.replace('order_id = "1234567890"\n', "") + body
    case = make_case(tmp_path / "c", toml)
    code, out = run("build", str(case))
    assert code == ExitCode.CASE_INVALID, out
    assert words in out and "case.toml line" in out, out


def test_longest_allowed_values_build(tmp_path: Path) -> None:
    """At the caps: a 1,000-character caption (taller than an index row may be on one page)
    and a 20,000-character statement in one paragraph lay out; the output name stays short."""
    toml = CASE_HEAD.replace('"1234567890"', '"' + "1" * 64 + '"')
    toml += 'statement = "%s"\n' % ("字" * 20_000)
    toml += '[[file]]\npath = "product/scratch.jpg"\ncaption = "%s"\n' % ("长" * 1000)
    case = make_case(tmp_path / "c", toml)
    code, out = run("build", str(case))
    assert code == 0, out
    assert exhibited_count(case) == 2


def exhibited_count(case: Path) -> int:
    (pdf,) = (case / "dossier").glob("*.pdf")
    return len(exhibited(pdf))


def test_long_folder_name_gives_a_short_output_name(tmp_path: Path) -> None:
    """No order_id: the dossier is named after the folder, whose name may be 255 bytes."""
    case = make_case(tmp_path / ("案" * 80), CASE_HEAD.replace('order_id = "1234567890"\n', ""))
    code, out = run("build", str(case))
    assert code == 0, out
    (pdf,) = (case / "dossier").glob("*.pdf")
    assert len(pdf.name.encode()) <= 180


# --------------------------------------------------------------------------- file names


@pytest.mark.parametrize("key", ["0123456789abcdef0123456789abcdef", None])
def test_file_named_like_a_splice_placeholder(tmp_path: Path, key: str | None) -> None:
    """A name that is the placeholder text, also with the key of another file's bytes
    (which would be spliced in if the text counted as a placeholder)."""
    import hashlib

    case = make_case(tmp_path / "c", CASE_HEAD)
    if key is None:
        key = hashlib.sha256((case / "parcel/box.jpg").read_bytes()).hexdigest()[:32]
    photo(case / "product" / f"%EKSPLICE:{key}%.jpg", (300, 200))
    for extra in ([], ["--attach-originals"]):
        code, out = run("build", str(case), "--force", *extra)
        assert code == 0, out
        pdf = case / "dossier" / "1234567890-evidence.pdf"
        assert f"product/%EKSPLICE:{key}%.jpg" in exhibited(pdf)
        code, out = run("verify", str(pdf), "--case", str(case))
        assert code == 0, out


def test_look_alikes_with_long_names(tmp_path: Path) -> None:
    """Six resized copies with 241-character names: the EK450 message names three and counts
    the rest; every exhibit page fits (the info box no longer pushes the image off the page)."""
    import json

    case = make_case(tmp_path / "c", CASE_HEAD)
    for i in range(6):
        name = (f"{i}_" + "look_alike_photo_" * 20)[:237] + ".jpg"
        photo(case / "product" / name, (400 - i * 10, 300 - i * 7), quality=90 - i * 5)
    code, out = run("audit", str(case), "--json")
    assert code == 0, out
    ek450 = [
        f["message"]
        for it in json.loads(out)["items"]
        for f in it["findings"]
        if f["code"] == "EK450"
    ]
    assert len(ek450) >= 6
    assert all(len(m) < 700 for m in ek450), max(len(m) for m in ek450)
    assert any("and 3 more" in m for m in ek450), ek450[0]  # 6 copies + scratch.jpg
    pdf = _builds(case)
    assert len(exhibited(pdf)) == 8


# --------------------------------------------------------------------------- files and disks


def test_file_deleted_during_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deleted after the audit, before it is copied: a clear error naming the file and no
    output (never a dossier whose manifest says attached for a file that is not)."""
    from evidencekit.dossier import prepare, splice

    case = make_case(tmp_path / "c", CASE_HEAD)
    victim = case / "parcel" / "box.jpg"
    real_write = splice.write

    def write_after_delete(*args, **kwargs):  # type: ignore[no-untyped-def]
        victim.unlink(missing_ok=True)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(splice, "write", write_after_delete)
    code, out = run("build", str(case), "--profile", "archive")
    assert code == ExitCode.OUTPUT_ERROR, out
    assert "parcel/box.jpg was deleted or moved while the dossier was being built" in out
    assert not list((case / "dossier").glob("*.pdf"))
    assert not list((case / "dossier").glob(".*part"))
    monkeypatch.undo()

    # Deleted before the originals are attached: the same clear error.
    photo(victim)
    real_spool = prepare.spool_originals

    def spool_after_delete(ctx):  # type: ignore[no-untyped-def]
        victim.unlink()
        return real_spool(ctx)

    monkeypatch.setattr("evidencekit.dossier.build.spool_originals", spool_after_delete)
    code, out = run("build", str(case), "--attach-originals")
    assert code == ExitCode.OUTPUT_ERROR, out
    assert "parcel/box.jpg was deleted or moved since the audit" in out
    monkeypatch.undo()

    # Gone for good: a new run audits and builds the rest, truthfully.
    pdf = _builds(case)
    assert exhibited(pdf) == ["product/scratch.jpg"]


def test_disk_full_is_exit_4_with_path_and_free_space(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidencekit.dossier import splice

    def full(src, out, with_md5, pool):  # type: ignore[no-untyped-def]
        out.write(b"\0" * 1000)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(splice, "_copy", full)
    case = make_case(tmp_path / "c", CASE_HEAD)
    target = tmp_path / "out" / "d.pdf"
    code, out = run("build", str(case), "-o", str(target))
    assert code == ExitCode.OUTPUT_ERROR, out
    assert f"cannot write {target}: No space left on device;" in out and "MB free there" in out
    assert "free some space" in out
    assert list((tmp_path / "out").iterdir()) == []  # no .part, no spool folder left


@pytest.mark.parametrize("err", [errno.EROFS, errno.EACCES])
def test_pack_into_read_only_folder_is_exit_4(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int
) -> None:
    import os
    import tempfile

    case = make_case(tmp_path / "c", CASE_HEAD)
    out_dir = tmp_path / "ro"
    real = tempfile.mkstemp

    def read_only(*args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(kwargs.get("dir", "")) == out_dir:
            raise OSError(err, os.strerror(err))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    code, out = run("pack", str(case), "--platform", "taobao", "-o", str(out_dir))
    assert code == ExitCode.OUTPUT_ERROR, out
    assert f"cannot write {out_dir}/1-of-" in out and os.strerror(err) in out, out
    assert "choose a writable folder" in out
    monkeypatch.undo()
    code, out = run("pack", str(case), "--platform", "taobao", "-o", str(out_dir))
    assert code == 0, out
