"""Issue 19, "Escapes and leaks": terminal control characters from file names, case.toml and
dossier/ links leading out of the case, FIFOs and devices named *.jpg, and a link swapped
between an in-case and an outside file while audit and build run. Generated inputs only."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.errors import ExitCode, safe_text
from tests.hostile.crashcase import CASE_HEAD, exhibited, make_case, photo, run, run_sub

PDF = "dossier/1234567890-evidence.pdf"
NASTY = "\x1b[2J\x1b]0;pwned\x07evil\nline2\u202egpj.\x9b31m"


# --------------------------------------------------------------------------- terminal


def test_control_characters_in_names_never_reach_the_terminal(tmp_path: Path) -> None:
    case = make_case(tmp_path / f"c{NASTY[:8]}")
    photo(case / "product" / f"{NASTY}.jpg")
    photo(case / f"stray{NASTY}.jpg", size=(300, 300))  # EK001 names it in a message
    for args in (("audit", str(case)), ("build", str(case)), ("verify", str(case / PDF))):
        code, out = (
            run_sub(*args, "--lang", "en", timeout=120)
            if args[0] == "audit"
            else run_sub(*args, timeout=120)
        )
        assert code in (0, 1), out
        assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out, (args, out)
        assert "line2" not in out.replace("\\x0aline2", ""), (args, out)  # the newline shown
    code, out = run_sub("audit", str(case), "--json", timeout=120)
    doc = json.loads(out)  # still valid JSON, the names intact after decoding
    assert any(it["path"] == f"product/{NASTY}.jpg" for it in doc["items"]), out[:400]
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert f"product/{NASTY}.jpg" in exhibited(case / PDF)  # and the file is an exhibit


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_safe_text_leaves_no_control_character(text: str) -> None:
    out = safe_text(text)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in out)
    assert not set(out) & {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067"}
    assert safe_text(text, keep_lines=True).count("\n") == text.count("\n")


def test_error_messages_escape_names(tmp_path: Path) -> None:
    case = make_case(tmp_path / "c")
    code, out = run("build", str(case), "-o", str(tmp_path / f"no\x1b[31m/such/{NASTY}.pdf"))
    assert "\x1b" not in out, out


# --------------------------------------------------------------------------- links out


def test_case_toml_linking_outside_is_refused(tmp_path: Path) -> None:
    case = make_case(tmp_path / "c")
    other = tmp_path / "other.toml"
    other.write_text(CASE_HEAD.replace("1234567890", "9999999999"), encoding="utf-8")
    (case / "case.toml").unlink()
    (case / "case.toml").symlink_to(other)
    for cmd in ("audit", "build"):
        code, out = run(cmd, str(case))
        assert code == ExitCode.CASE_INVALID, out
        assert "case.toml is a link to" in out and "outside the case folder" in out, out
    assert not list(tmp_path.rglob("9999999999*"))
    (case / "case.toml").unlink()
    (case / "case.toml").write_text(CASE_HEAD, encoding="utf-8")
    code, out = run("build", str(case))  # the rest of the case still builds
    assert code == 0, out


def test_dossier_or_cache_linking_outside_is_refused(tmp_path: Path) -> None:
    case = make_case(tmp_path / "c")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (case / "dossier").symlink_to(outside)
    code, out = run("build", str(case))
    assert code == ExitCode.OUTPUT_ERROR, out
    assert "is a link to" in out and "never writes outside the case" in out, out
    code, out = run("pack", str(case), "--platform", "1688-apply")
    assert code == ExitCode.OUTPUT_ERROR, out
    assert list(outside.iterdir()) == []
    (case / "dossier").unlink()
    (case / "dossier").mkdir()
    (case / "dossier" / ".cache").symlink_to(outside)
    os.environ.pop("EVIDENCEKIT_CACHE", None)
    code, out = run("build", str(case))
    assert code == ExitCode.OUTPUT_ERROR, out
    assert ".cache is a link to" in out, out
    assert list(outside.iterdir()) == []
    (case / "dossier" / ".cache").unlink()
    code, out = run("build", str(case))
    assert code == 0, out


# --------------------------------------------------------------------------- FIFOs, sockets


def test_fifo_socket_named_jpg_are_reported_not_opened(tmp_path: Path) -> None:
    case = make_case(tmp_path / "c")
    os.mkfifo(case / "product" / "pipe.jpg")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(case / "product" / "sock.jpg"))
    try:
        code, out = run_sub("audit", str(case), "--json", timeout=60)  # a blocked open hangs
        doc = json.loads(out)
        ek009 = [f for f in doc["findings"] if f["code"] == "EK009"]
        assert {f["path"] for f in ek009} == {"product/pipe.jpg", "product/sock.jpg"}, out
        assert "named pipe" in json.dumps(ek009)
        code, out = run_sub("build", str(case), timeout=120)
        assert code == 0, out
        assert exhibited(case / PDF) == ["parcel/box.jpg", "product/scratch.jpg"]
    finally:
        sock.close()


# --------------------------------------------------------------------------- symlink race


def test_link_swapped_during_audit_and_build_never_reads_outside(tmp_path: Path) -> None:
    case = make_case(tmp_path / "c")
    inside = photo(case / "product" / "real.jpg", size=(420, 300))
    secret = photo(tmp_path / "outside" / "secret.jpg", size=(500, 320), quality=70)
    marker = b"OUTSIDE-SECRET-7f3a9c"
    data = secret.read_bytes()
    secret.write_bytes(
        data[:2] + b"\xff\xfe" + (len(marker) + 2).to_bytes(2, "big") + marker + data[2:]
    )
    secret_sha = hashlib.sha256(secret.read_bytes()).hexdigest()
    link = case / "product" / "link.jpg"
    link.symlink_to(inside)
    stop = threading.Event()

    def swap() -> None:
        tmp = case / "product" / ".swap"
        while not stop.is_set():
            for target in (secret, inside):
                tmp.unlink(missing_ok=True)
                tmp.symlink_to(target)
                os.replace(tmp, link)

    t = threading.Thread(target=swap, daemon=True)
    t.start()
    leaks = {"audit": 0, "build": 0}
    try:
        for _ in range(50):
            code, out = run("audit", str(case), "--json")
            assert code in (0, 1), out
            if secret_sha in out or marker.decode() in out:
                leaks["audit"] += 1
            code, out = run("build", str(case), "--attach-originals")
            assert code in (0, ExitCode.OUTPUT_ERROR), out
            pdf = case / PDF
            if code == 0 and (
                marker in pdf.read_bytes() or secret_sha.encode() in pdf.read_bytes()
            ):
                leaks["build"] += 1
    finally:
        stop.set()
        t.join()
    assert leaks == {"audit": 0, "build": 0}
    link.unlink()
    code, out = run("build", str(case))
    assert code == 0, out
