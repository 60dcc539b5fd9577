"""Trusted timestamps (RFC 3161, issue 16): stamp online and in two steps against a local TSA
(openssl ``ts -reply`` behind a tiny HTTP handler on 127.0.0.1, never the internet), verify
reports time and trust and fails after a change, and nothing opens a socket unless --tsa."""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.cli import cli
from tests.util import built_sample

pytest.importorskip("pyhanko")
if shutil.which("openssl") is None:  # pragma: no cover
    pytest.skip("the openssl CLI is not installed", allow_module_level=True)

TS_CNF = """[ tsa ]
default_tsa = tsa1
[ tsa1 ]
dir = .
serial = ./serial
crypto_device = builtin
signer_cert = ./tsa.pem
certs = ./ca.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _ca(d: Path, name: str) -> None:
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key",
        "-out", f"{name}.pem", "-days", "3650", "-subj", f"/CN={name}",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d,
    )  # fmt: skip


@pytest.fixture(scope="module")
def tsa_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("tsa")
    _ca(d, "ca")
    _ca(d, "other")
    _openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr",
        "-subj", "/O=Local Test/CN=Test TSA", cwd=d,
    )  # fmt: skip
    (d / "ext.cnf").write_text(
        "basicConstraints=CA:FALSE\nextendedKeyUsage=critical,timeStamping\n"
        "keyUsage=critical,digitalSignature\n"
    )
    _openssl(
        "x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "tsa.pem", "-days", "3650", "-extfile", "ext.cnf", cwd=d,
    )  # fmt: skip
    (d / "ts.cnf").write_text(TS_CNF)
    (d / "serial").write_text("01\n")
    return d


def _reply(tsa_dir: Path, tsq: Path, tsr: Path) -> None:
    _openssl("ts", "-reply", "-config", "ts.cnf", "-queryfile", str(tsq), "-out", str(tsr),
             cwd=tsa_dir)  # fmt: skip


@pytest.fixture(scope="module")
def tsa_url(tsa_dir: Path) -> Iterator[str]:
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            ok = self.headers["Content-Type"] == "application/timestamp-query"
            with tempfile.TemporaryDirectory() as t, lock:
                (Path(t) / "q.tsq").write_bytes(body)
                _reply(tsa_dir, Path(t) / "q.tsq", Path(t) / "r.tsr")
                out = (Path(t) / "r.tsr").read_bytes()
            self.send_response(200 if ok else 415)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsr"
    server.shutdown()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return built_sample(tmp_path_factory.mktemp("stamp"))


def _copy(built: tuple[Path, Path], tmp_path: Path, name: str = "s.pdf") -> Path:
    pdf = tmp_path / name
    shutil.copy(built[1], pdf)
    return pdf


def _run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(cli, list(args))
    return res.exit_code, res.output


def test_online_round_trip(built, tsa_url, tsa_dir, tmp_path) -> None:
    pdf = _copy(built, tmp_path)
    before = pdf.read_bytes()
    code, out = _run("stamp", str(pdf), "--tsa", tsa_url, "--tsa-cert", str(tsa_dir / "ca.pem"))
    assert code == 0, out
    assert "timestamp added" in out and "token matches the document" in out
    assert "not that its content is true" in out.replace("does not prove that its", "not that its")
    assert "不证明其内容真实" in out
    data = pdf.read_bytes()
    assert data.startswith(before)  # an incremental update: the dossier as built is untouched
    assert b"/SubFilter /ETSI.RFC3161" in data[len(before) :]
    assert b"/Type /DocTimeStamp" in data[len(before) :]

    code, out = _run("verify", str(pdf), "--tsa-cert", str(tsa_dir / "ca.pem"))
    assert code == 0, out
    line = next(x for x in out.splitlines() if "timestamp:evidencekit-timestamp" in x)
    assert "Test TSA" in line and "sha256" in line and "trusted (chains to --tsa-cert)" in line
    assert "不证明其内容真实" in out and "does not prove that its content is true" in out

    code, out = _run("verify", str(pdf))
    assert code == 0 and "not trusted: no root given" in out, out
    code, out = _run("verify", str(pdf), "--json")
    ts = json.loads(out)["timestamps"]
    assert len(ts) == 1 and ts[0]["matches"] is True and ts[0]["trusted"] is None
    assert ts[0]["hash_algorithm"] == "sha256" and ts[0]["time"].endswith("+00:00")
    assert ts[0]["trust"] == "not trusted: no root given" and "zh" in ts[0]["meaning"]

    # another root: the TSA does not chain to it, so verify fails and says so
    code, out = _run("verify", str(pdf), "--tsa-cert", str(tsa_dir / "other.pem"))
    assert code == 5 and "NOT trusted: does not chain to --tsa-cert" in out, out


def test_stamp_refuses_a_tsa_that_does_not_chain(built, tsa_url, tsa_dir, tmp_path) -> None:
    pdf = _copy(built, tmp_path)
    before = pdf.read_bytes()
    code, out = _run("stamp", str(pdf), "--tsa", tsa_url, "--tsa-cert", str(tsa_dir / "other.pem"))
    assert code == 8 and "not added" in out, out
    assert pdf.read_bytes() == before


def test_two_step_stamp(built, tsa_dir, tmp_path) -> None:
    pdf = _copy(built, tmp_path)
    before = pdf.read_bytes()
    tsq, tsr = tmp_path / "OUT.tsq", tmp_path / "IN.tsr"
    code, out = _run("stamp", str(pdf), "--request", str(tsq))
    assert code == 0 and tsq.is_file(), out
    assert pdf.read_bytes() == before  # step 1 writes nothing into the dossier
    _reply(tsa_dir, tsq, tsr)
    code, out = _run("stamp", str(pdf), "--response", str(tsr), "--tsa-cert",
                     str(tsa_dir / "ca.pem"))  # fmt: skip
    assert code == 0, out
    code, out = _run("verify", str(pdf), "--tsa-cert", str(tsa_dir / "ca.pem"))
    assert code == 0 and "trusted (chains to --tsa-cert)" in out, out

    # the same response again (the file now has a timestamp, so the digest differs): refused
    again = pdf.read_bytes()
    code, out = _run("stamp", str(pdf), "--response", str(tsr))
    assert code == 8 and "not for this dossier" in out, out
    assert pdf.read_bytes() == again


def test_response_for_another_file_is_refused(built, tsa_dir, tmp_path) -> None:
    other = tmp_path / "x.txt"
    other.write_text("something else")
    tsq, tsr = tmp_path / "x.tsq", tmp_path / "x.tsr"
    _openssl("ts", "-query", "-data", str(other), "-sha256", "-cert", "-out", str(tsq),
             cwd=tmp_path)  # fmt: skip
    _reply(tsa_dir, tsq, tsr)
    pdf = _copy(built, tmp_path)
    code, out = _run("stamp", str(pdf), "--response", str(tsr))
    assert code == 8 and "not for this dossier" in out and "Traceback" not in out, out


@pytest.fixture(scope="module")
def stamped(built, tsa_url, tmp_path_factory) -> Path:
    pdf = _copy(built, tmp_path_factory.mktemp("stamped"))
    code, out = _run("stamp", str(pdf), "--tsa", tsa_url)
    assert code == 0, out
    return pdf


def _failed(pdf: Path) -> dict[str, str]:
    code, out = _run("verify", str(pdf), "--json")
    assert code == 5, out
    return {c["name"]: c["detail"] for c in json.loads(out)["checks"] if not c["ok"]}


def test_change_after_the_stamp_fails(stamped, tmp_path) -> None:
    from pypdf import PdfWriter

    w = PdfWriter(stamped, incremental=True)
    w.add_metadata({"/Title": "AMOUNT CHANGED 99999"})
    bad = tmp_path / "edited.pdf"
    w.write(bad)
    failed = _failed(bad)
    assert "document_info" in failed and "appended.unsigned" in failed

    junk = tmp_path / "junk.pdf"
    junk.write_bytes(stamped.read_bytes() + b"%junk\n")
    assert "appended.after" in _failed(junk)


def test_changed_token_or_covered_bytes_fail(stamped, tmp_path) -> None:
    data = stamped.read_bytes()
    at = data.rfind(b"/Contents <") + 200  # inside the token: it no longer verifies
    flipped = data[:at] + (b"1" if data[at : at + 1] == b"0" else b"0") + data[at + 1 :]
    bad = tmp_path / "token.pdf"
    bad.write_bytes(flipped)
    assert any(k.startswith(("timestamp:", "signature")) for k in _failed(bad))

    # a byte the token covers (in the timestamp's own update, outside /Contents)
    at = data.rfind(b"/Filter /Adobe.PPKLite")
    bad.write_bytes(data[:at] + b"/Filter /Adobe.PPKLitf" + data[at + 22 :])
    failed = _failed(bad)
    assert "does NOT match the document" in failed.get("timestamp:evidencekit-timestamp", "")


def test_sm2_sm3_token_is_not_supported_not_invalid(built, tsa_dir, tmp_path) -> None:
    """A Chinese TSA signs with SM2/SM3, which no library here verifies: verify reports
    "algorithm not supported", checks the imprint itself, and does not call it invalid."""
    from asn1crypto import cms, tsp

    pdf = _copy(built, tmp_path)
    tsq, tsr = tmp_path / "OUT.tsq", tmp_path / "IN.tsr"
    assert _run("stamp", str(pdf), "--request", str(tsq))[0] == 0
    _reply(tsa_dir, tsq, tsr)
    res = tsp.TimeStampResp.load(tsr.read_bytes())
    token = res["time_stamp_token"]
    signed = token["content"]
    si = signed["signer_infos"][0]
    si["digest_algorithm"] = {"algorithm": "1.2.156.10197.1.401"}  # SM3
    si["signature_algorithm"] = {"algorithm": "1.2.156.10197.1.501"}  # SM2 with SM3
    gm = cms.ContentInfo({"content_type": "signed_data", "content": signed})
    sm = tmp_path / "sm2.tsr"
    sm.write_bytes(gm.dump())
    code, out = _run("stamp", str(pdf), "--response", str(sm))
    assert code == 0, out
    code, out = _run("verify", str(pdf), "--json")
    assert code == 0, out
    ts = json.loads(out)["timestamps"][0]
    assert ts["supported"] is False and ts["signature_valid"] is None
    assert "algorithm not supported" in ts["problem"] and ts["matches"] is True
    assert "invalid" not in json.dumps(ts)


def test_build_tsa_stamps_last(built, tsa_url, tmp_path) -> None:
    case, _ = built
    out = tmp_path / "b.pdf"
    code, text = _run("-q", "build", str(case), "-o", str(out), "--tsa", tsa_url)
    assert code == 0, text
    assert "token matches the document" in text and "不证明其内容真实" in text
    code, text = _run("verify", str(out), "--case", str(case))
    assert code == 0 and "timestamp:evidencekit-timestamp" in text, text


def test_unreachable_tsa_is_exit_8(built, tmp_path) -> None:
    pdf = _copy(built, tmp_path)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, out = _run("stamp", str(pdf), "--tsa", f"http://user:secret@127.0.0.1:{port}/")
    assert code == 8 and "cannot reach the TSA" in out and "secret" not in out, out
    code, out = _run("stamp", str(pdf), "--tsa", "file:///etc/passwd")
    assert code == 8 and "not an http(s) URL" in out, out


def test_nothing_opens_a_socket_unless_tsa(built, tsa_url, tmp_path, monkeypatch) -> None:
    case, pdf = built
    calls: list[object] = []
    real = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        calls.append(address)
        real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", lambda self, a: calls.append(a) or 111)
    out = tmp_path / "n.pdf"
    for args in (
        ["-q", "build", str(case), "-o", str(out)],
        ["verify", str(out), "--case", str(case)],
        ["letter", str(case)],
        ["-q", "pack", str(case), "--platform", "1688-apply", "-o", str(tmp_path / "pack")],
        ["stamp", str(out), "--request", str(tmp_path / "r.tsq")],
    ):
        code, text = _run(*args)
        assert code == 0, (args, text)
    assert calls == []
    code, text = _run("stamp", str(out), "--tsa", tsa_url)
    assert code == 0, text
    assert calls and all(a[0] == "127.0.0.1" for a in calls)  # type: ignore[index]


def test_the_web_page_shows_the_timestamp_and_what_it_proves(stamped) -> None:
    from evidencekit import api
    from evidencekit.serve.text import translator
    from evidencekit.serve.views import verify_words

    ok, _, lists = verify_words(api.verify(stamped), translator("zh"))
    shown = dict(lists)
    assert ok and "可信时间戳" in shown
    assert any("Test TSA" in x for x in shown["可信时间戳"])
    assert any("不证明其内容真实" in x for x in shown["可信时间戳"])
