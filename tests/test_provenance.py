"""Content Credentials (C2PA) grading and GB 45438-2025 AIGC labels (issue 16).

Signed files are made here with c2pa-python and a throwaway CA (cryptography), so the tests
hold no binary fixtures and can sign exactly the manifests they need.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from evidencekit.api import audit
from evidencekit.audit.provenance import aigc, c2pa_reader, read_provenance
from evidencekit.audit.report import audit_json
from evidencekit.options import AuditOptions

c2pa = pytest.importorskip("c2pa")
x509 = pytest.importorskip("cryptography.x509")

CAPTURE = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
GENAI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
AIGC_XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    'syntax-ns#"><rdf:Description rdf:about="" xmlns:TC260="http://www.tc260.org.cn/ns/AIGC/1.0/"'
    ' TC260:AIGC="{&quot;Label&quot;:&quot;1&quot;,&quot;ContentProducer&quot;:&quot;001191'
    '110108MA01KP2T5U00000&quot;,&quot;ProduceID&quot;:&quot;img-42&quot;}"/></rdf:RDF>'
    "</x:xmpmeta>"
)


def _jpeg(color=(200, 30, 30), size=(96, 64)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG", quality=90)
    return buf.getvalue()


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """(chain PEM, key PEM, CA PEM path): a root and an end-entity with the C2PA signing EKU."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

    def name(cn):
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def usage(ca):
        return x509.KeyUsage(True, False, False, False, False, ca, ca, False, False)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("EK Test Root"))
        .issuer_name(name("EK Test Root"))
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage(True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    ee = (
        x509.CertificateBuilder()
        .subject_name(name("EK Test Camera"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage(False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    ca_path = tmp_path_factory.mktemp("pki") / "ca.pem"
    ca_path.write_bytes(ca.public_bytes(pem))
    key_pem = key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return ee.public_bytes(pem) + ca.public_bytes(pem), key_pem, ca_path


def _sign(pki, data: bytes, actions: list[dict]) -> bytes:
    chain, key, _ = pki
    signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(b"es256", chain, key, None))
    manifest = {
        "claim_generator_info": [{"name": "EK Test Camera", "version": "1.0"}],
        "title": "photo.jpg",
        "format": "image/jpeg",
        "assertions": [{"label": "c2pa.actions", "data": {"actions": actions}}],
    }
    out = io.BytesIO()
    c2pa.Builder(manifest).sign(signer, "image/jpeg", io.BytesIO(data), out)
    return out.getvalue()


@pytest.fixture
def trust(pki, monkeypatch):
    """Trust the test root as a user's extra root (EVIDENCEKIT_C2PA_TRUST)."""
    monkeypatch.setenv("EVIDENCEKIT_C2PA_TRUST", str(pki[2]))
    c2pa_reader._anchors.cache_clear()
    yield
    c2pa_reader._anchors.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_anchors():
    c2pa_reader._anchors.cache_clear()
    yield
    c2pa_reader._anchors.cache_clear()


def test_the_bundled_trust_list_is_the_official_one():
    from cryptography import x509 as real

    pem = c2pa_reader._anchors()
    names = {c.subject.rfc4514_string() for c in real.load_pem_x509_certificates(pem.encode())}
    assert len(names) == 10
    assert any("Google C2PA Root CA G3" in n for n in names)
    assert any("vivo Content Provenance" in n for n in names)


def test_unsigned_photo_is_none_and_never_a_finding(tmp_path):
    p = tmp_path / "a.jpg"
    p.write_bytes(_jpeg())
    prov = read_provenance(p, "image/jpeg")
    assert prov.grade == "none" and not prov.present


def test_signed_capture_valid_then_trusted(pki, tmp_path, trust):
    p = tmp_path / "cam.jpg"
    p.write_bytes(_sign(pki, _jpeg(), [{"action": "c2pa.created", "digitalSourceType": CAPTURE}]))
    prov = read_provenance(p, "image/jpeg")
    assert prov.grade == "trusted"
    assert prov.captured and not prov.edited and not prov.ai_generated
    assert prov.generator == "EK Test Camera 1.0"
    assert "EK Test Camera" in prov.signer


def test_signed_but_not_on_the_list_is_valid(pki, tmp_path, monkeypatch):
    monkeypatch.delenv("EVIDENCEKIT_C2PA_TRUST", raising=False)
    p = tmp_path / "cam.jpg"
    p.write_bytes(_sign(pki, _jpeg(), [{"action": "c2pa.created", "digitalSourceType": CAPTURE}]))
    prov = read_provenance(p, "image/jpeg")
    assert prov.grade == "valid" and prov.failures == ()


def test_a_tampered_copy_is_invalid_and_names_the_check(pki, tmp_path):
    data = bytearray(
        _sign(pki, _jpeg(), [{"action": "c2pa.created", "digitalSourceType": CAPTURE}])
    )
    data[-300] ^= 0xFF  # a pixel-data byte after the manifest
    p = tmp_path / "t.jpg"
    p.write_bytes(bytes(data))
    prov = read_provenance(p, "image/jpeg")
    assert prov.grade == "invalid"
    assert "assertion.dataHash.mismatch" in prov.failures


def test_without_the_extra_a_manifest_is_unchecked_not_none(pki, tmp_path, monkeypatch):
    p = tmp_path / "cam.jpg"
    p.write_bytes(_sign(pki, _jpeg(), [{"action": "c2pa.created", "digitalSourceType": CAPTURE}]))
    monkeypatch.setitem(sys.modules, "c2pa", None)  # import c2pa -> ImportError
    assert read_provenance(p, "image/jpeg").grade == "unchecked"


def test_aigc_label_in_jpeg_and_compressed_png(tmp_path):
    j = tmp_path / "a.jpg"
    Image.new("RGB", (32, 32)).save(j, "JPEG", xmp=AIGC_XMP.encode())
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", AIGC_XMP, zip=True)
    p = tmp_path / "a.png"
    Image.new("RGB", (32, 32)).save(p, "PNG", pnginfo=info)
    assert aigc.NAMESPACE not in p.read_bytes()  # really compressed: found only by inflating
    for path, mt in ((j, "image/jpeg"), (p, "image/png")):
        label = dict(read_provenance(path, mt).aigc)
        assert label["Label"] == "1"
        assert label["ContentProducer"] == "001191110108MA01KP2T5U00000"
        assert label["ProduceID"] == "img-42"


def test_hostile_xmp_stays_bounded():
    junk = b"http://www.tc260.org.cn/ns/AIGC/1.0/" + b"<" * 200_000
    assert aigc.find_label(junk) == (("Label", ""),)


def _case(tmp_path: Path, files: dict[str, bytes]) -> Path:
    root = tmp_path / "case"
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def _codes(result, path):
    return {f.code: f for f in result.all_findings() if f.path == path}


def test_audit_findings_and_json(pki, tmp_path, trust):
    buf = io.BytesIO()
    Image.new("RGB", (32, 32)).save(buf, "JPEG", xmp=AIGC_XMP.encode())
    tampered = bytearray(
        _sign(pki, _jpeg((10, 90, 200)), [{"action": "c2pa.created", "digitalSourceType": CAPTURE}])
    )
    tampered[-300] ^= 0xFF
    root = _case(
        tmp_path,
        {
            "product/camera.jpg": _sign(
                pki, _jpeg(), [{"action": "c2pa.created", "digitalSourceType": CAPTURE}]
            ),
            "product/ai.jpg": _sign(
                pki, _jpeg((0, 200, 0)), [{"action": "c2pa.created", "digitalSourceType": GENAI}]
            ),
            "product/edited.jpg": _sign(
                pki,
                _jpeg((90, 90, 0)),
                [
                    {"action": "c2pa.created", "digitalSourceType": CAPTURE},
                    {"action": "c2pa.cropped"},
                ],
            ),
            "product/tampered.jpg": bytes(tampered),
            "product/label.jpg": buf.getvalue(),
            "chat/label.jpg": buf.getvalue(),
            "product/plain.jpg": _jpeg((1, 2, 3)),
        },
    )
    result = audit(AuditOptions(root))
    assert "EK493" in _codes(result, "product/camera.jpg")
    assert "EK491" in _codes(result, "product/ai.jpg")
    assert "EK492" in _codes(result, "product/edited.jpg")
    assert "c2pa.cropped" in _codes(result, "product/edited.jpg")["EK492"].message
    bad = _codes(result, "product/tampered.jpg")["EK490"]
    assert bad.severity.value == "error" and "dataHash" in bad.message
    assert _codes(result, "product/label.jpg")["EK494"].severity.value == "error"
    assert _codes(result, "chat/label.jpg")["EK494"].severity.value == "warning"
    plain = _codes(result, "product/plain.jpg")
    assert not {c for c in plain if c.startswith("EK49")}
    doc = json.loads(json.dumps(audit_json(result)))
    by_path = {i["path"]: i for i in doc["items"]}
    assert by_path["product/camera.jpg"]["provenance"]["grade"] == "trusted"
    assert by_path["product/tampered.jpg"]["provenance"]["grade"] == "invalid"
    assert by_path["product/label.jpg"]["provenance"]["aigc_label"]["Label"] == "1"
    assert by_path["product/plain.jpg"]["provenance"] is None


def test_dossier_states_intact_credentials_as_a_fact(pki, tmp_path, trust):
    from pypdf import PdfReader

    from evidencekit.api import build
    from evidencekit.options import BuildOptions

    root = _case(
        tmp_path,
        {
            "product/camera.jpg": _sign(
                pki, _jpeg(), [{"action": "c2pa.created", "digitalSourceType": CAPTURE}]
            ),
            "product/plain.jpg": _jpeg((1, 2, 3)),
        },
    )
    out = tmp_path / "d.pdf"
    build(BuildOptions(AuditOptions(root), output=out, lang="zh"))
    text = "".join(page.extract_text() or "" for page in PdfReader(out).pages)
    flat = text.replace("\n", "")
    assert "内容凭证（C2PA）" in flat
    assert "已验证" in flat and "EK Test Camera" in flat
    assert flat.count("签发者 EK Test Camera") == 1  # only the signed photo's box
