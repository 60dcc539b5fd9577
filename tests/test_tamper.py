"""Tamper evidence: verify catches changed images, and checks PAdES signatures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.cli import cli
from evidencekit.integrity.verify import verify_dossier
from tests.util import built_sample


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return built_sample(tmp_path_factory.mktemp("tamper"))


def test_clean_dossier_checks_every_image(built: tuple[Path, Path]) -> None:
    case, pdf = built
    rep = verify_dossier(pdf, case)
    assert rep.ok
    images = [c for c in rep.checks if c.name.startswith("image:")]
    assert len(images) == 15 and all(c.ok for c in images)


def test_replaced_image_stream_is_caught(built: tuple[Path, Path], tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    _, pdf = built
    reader = PdfReader(str(pdf))
    writer = PdfWriter(clone_from=reader)
    target = None
    for page in writer.pages:
        for name, ref in page["/Resources"].get("/XObject", {}).items():
            obj = ref.get_object()
            if obj.get("/Filter") == NameObject("/DCTDecode") or obj.get("/Filter") == [
                "/DCTDecode"
            ]:
                data = bytearray(obj._data)
                data[len(data) // 2] ^= 0xFF  # one byte inside the entropy-coded data
                obj._data = bytes(data)
                target = name
                break
        if target:
            break
    assert target is not None
    bad = tmp_path / "bad.pdf"
    with open(bad, "wb") as f:
        writer.write(f)
    rep = verify_dossier(bad)
    failed = [c for c in rep.checks if not c.ok]
    assert not rep.ok
    # the damaged XObject may serve two exhibits (byte-identical duplicates share one)
    # a pypdf rewrite drops the seal; the image check still names the damaged exhibit
    assert {c.name for c in failed if c.detail != "image bytes changed"} == {"seal"}
    assert any(c.detail == "image bytes changed" for c in failed)


def _self_signed_p12(path: Path, password: bytes) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Buyer 测试")])
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), True
        )
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"buyer", key, cert, None, serialization.BestAvailableEncryption(password)
    )
    path.write_bytes(data)


def test_signed_dossier_verifies_and_reports_signer(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    pytest.importorskip("pyhanko")
    case, _ = built
    p12 = tmp_path / "buyer.p12"
    _self_signed_p12(p12, b"secret")
    out = tmp_path / "signed.pdf"
    res = CliRunner().invoke(
        cli, ["build", str(case), "-o", str(out), "--sign", str(p12), "--sign-passphrase", "secret"]
    )
    assert res.exit_code == 0, res.output
    rep = verify_dossier(out, case)
    sig = [c for c in rep.checks if c.name.startswith("signature:")]
    assert rep.ok and len(sig) == 1
    assert "Test Buyer" in sig[0].detail and "not from a trusted authority" in sig[0].detail
    # anything appended after signing is reported
    data = out.read_bytes()
    tampered = tmp_path / "tampered.pdf"
    i = data.rfind(b"/Contents <") + 30
    tampered.write_bytes(data[:i] + (b"0" if data[i : i + 1] != b"0" else b"1") + data[i + 1 :])
    rep2 = verify_dossier(tampered)
    assert not rep2.ok


def test_wrong_passphrase_is_an_output_error(built: tuple[Path, Path], tmp_path: Path) -> None:
    pytest.importorskip("pyhanko")
    case, _ = built
    p12 = tmp_path / "buyer.p12"
    _self_signed_p12(p12, b"secret")
    res = CliRunner().invoke(
        cli,
        [
            "build",
            str(case),
            "-o",
            str(tmp_path / "x.pdf"),
            "--sign",
            str(p12),
            "--sign-passphrase",
            "nope",
        ],
    )
    assert res.exit_code == 4, res.output
    assert "Traceback" not in res.output
