"""evidencekit serve: the guard (token, Host, Origin, CSP) and uploads that try to escape."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")
pytest.importorskip("tomlkit")

from starlette.testclient import TestClient  # noqa: E402

from evidencekit.api import init_case  # noqa: E402
from evidencekit.serve.app import make_app  # noqa: E402
from evidencekit.serve.security import cookie_name  # noqa: E402

TOKEN = "t0ken-for-tests"
PORT = 8765
HOST = f"127.0.0.1:{PORT}"
BASE = f"http://{HOST}"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    init_case(tmp_path / "case-a")
    return tmp_path


def _client(root: Path, login: bool = True) -> TestClient:
    app = make_app(root, TOKEN, {HOST, f"localhost:{PORT}"}, PORT)
    c = TestClient(app, base_url=BASE, follow_redirects=False)
    if login:
        r = c.get(f"/?token={TOKEN}")
        assert r.status_code == 303 and r.headers["location"] == "/"
    return c


def test_no_token_is_refused(root):
    c = _client(root, login=False)
    for path in ("/", "/case/case-a", "/case/case-a/findings", "/static/app.js"):
        assert c.get(path).status_code == 401, path
    assert c.get("/?token=wrong").status_code == 401


def test_token_becomes_a_strict_httponly_cookie(root):
    c = _client(root, login=False)
    r = c.get(f"/case/case-a?token={TOKEN}&x=1")
    assert r.status_code == 303
    assert r.headers["location"] == "/case/case-a?x=1"  # the token leaves the address bar
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{cookie_name(PORT)}={TOKEN};")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert c.get("/case/case-a").status_code == 200


def test_wrong_host_is_refused_even_with_the_token(root):
    c = _client(root)
    r = c.get("/", headers={"host": "evil.example:8765"})
    assert r.status_code == 400
    assert c.get(f"/?token={TOKEN}", headers={"host": "evil.example"}).status_code == 400
    assert c.get("/", headers={"host": f"localhost:{PORT}"}).status_code == 200


def test_cross_origin_post_is_refused(root):
    c = _client(root)
    data = {"order_id": "123"}
    r = c.post("/case/case-a/details", data=data, headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    assert c.post("/case/case-a/details", data=data).status_code == 403  # no Origin at all
    case_toml = (root / "case-a" / "case.toml").read_text(encoding="utf-8")
    assert 'order_id = ""' in case_toml  # nothing written
    r = c.post("/case/case-a/details", data=data, headers={"origin": BASE})
    assert r.status_code == 200 and r.headers["hx-trigger"] == "ek-changed"
    assert 'order_id = "123"' in (root / "case-a" / "case.toml").read_text(encoding="utf-8")


def test_csp_and_headers_on_every_response(root):
    c = _client(root)
    for r in (c.get("/"), c.get("/case/case-a"), c.get("/static/app.js"), c.get("/nope")):
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "http" not in csp  # no other origin named anywhere
        assert r.headers["x-content-type-options"] == "nosniff"
    refused = _client(root, login=False).get("/")
    assert "default-src 'self'" in refused.headers["content-security-policy"]


def test_pages_name_no_other_host(root):
    c = _client(root)
    for path in ("/", "/case/case-a", "/static/app.js", "/static/style.css"):
        text = c.get(path).text
        assert "//" not in text.replace("http://www.w3.org", "").split("sourceMappingURL")[0] or (
            path.endswith(".js") and "https://" not in text
        ), path


def _upload(c: TestClient, name: str, data: bytes, category: str = "product", **extra: str):
    files = {"file": (name, io.BytesIO(data), "image/jpeg")}
    form = {"category": category, **extra}
    return c.post("/case/case-a/upload", data=form, files=files, headers={"origin": BASE})


@pytest.mark.parametrize(
    "name", ["../../x.jpg", "..\\..\\x.jpg", "/etc/x.jpg", "C:\\Windows\\x.jpg", "....//x.jpg"]
)
def test_upload_names_never_escape_the_case(root, name):
    c = _client(root)
    data = b"\xff\xd8\xff\xe0 not really a jpeg " + name.encode()
    r = _upload(c, name, data)
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["path"] == "product/x.jpg"
    assert (root / "case-a" / "product" / "x.jpg").read_bytes() == data
    assert got["sha256"] == hashlib.sha256(data).hexdigest()
    assert not (root / "x.jpg").exists() and not (root.parent / "x.jpg").exists()


def test_upload_never_overwrites_and_checks_the_hash(root):
    c = _client(root)
    assert _upload(c, "a.jpg", b"one").json()["path"] == "product/a.jpg"
    again = _upload(c, "a.jpg", b"one").json()
    assert again["duplicate"] is True and again["path"] == "product/a.jpg"
    other = _upload(c, "a.jpg", b"two").json()
    assert other["path"] == "product/a-2.jpg"
    assert (root / "case-a" / "product" / "a.jpg").read_bytes() == b"one"
    bad = _upload(c, "b.jpg", b"three", sha256="0" * 64)
    assert bad.status_code == 400 and not (root / "case-a" / "product" / "b.jpg").exists()
    assert _upload(c, "c.jpg", b"x", category="../../etc").status_code == 400
    assert _upload(c, "..", b"x").status_code == 400
    leftovers = [p.name for p in (root / "case-a" / "product").iterdir()]
    assert sorted(leftovers) == ["a-2.jpg", "a.jpg"]  # no .part files left behind


def test_unknown_case_and_paths_outside_are_404(root):
    c = _client(root)
    assert c.get("/case/..%2F..%2Fetc").status_code == 404
    assert c.get("/case/nope").status_code == 404
    (root / "secret.txt").write_text("x")
    for p in ("../secret.txt", "/etc/passwd", "product/../../secret.txt"):
        assert c.get("/case/case-a/view", params={"path": p}).status_code == 404, p


def test_lang_switch_redirects_only_inside(root):
    c = _client(root)
    r = c.get("/lang", params={"to": "en", "next": "//evil.example/"})
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert "Case details" in c.get("/case/case-a").text
    c.get("/lang", params={"to": "zh", "next": "/"})
    assert "案件信息" in c.get("/case/case-a").text


def test_invalid_details_are_not_saved_and_say_why(root):
    c = _client(root)
    before = (root / "case-a" / "case.toml").read_bytes()
    r = c.post("/case/case-a/details", data={"timezone": "Mars/Olympus"}, headers={"origin": BASE})
    assert r.status_code == 200 and "时区" in r.text and "Mars/Olympus" in r.text
    assert "hx-trigger" not in r.headers
    assert (root / "case-a" / "case.toml").read_bytes() == before


def test_the_server_opens_no_connection(root, monkeypatch):
    """Pages, uploads, saves and findings work with every outgoing connection forbidden."""
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError(f"network use: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    c = _client(root)
    assert c.get("/").status_code == 200
    assert _upload(c, "IMG_1.jpg", b"\xff\xd8\xff\xe0 x").status_code == 200
    r = c.post("/case/case-a/details", data={"seller": "某店"}, headers={"origin": BASE})
    assert "hx-trigger" in r.headers
    assert c.get("/case/case-a").status_code == 200
    assert "IMG_1.jpg" in c.get("/case/case-a/findings").text
    assert c.get("/fonts/regular.ttf").status_code == 200


def test_precheck_button_downloads_the_precheck(root):
    """Issue 18/20: 自查报告 (``#precheck``) gives the pre-check PDF, marked do-not-submit;
    the existing buttons keep their ids."""
    from pypdf import PdfReader

    c = _client(root)
    page = c.get("/case/case-a").text
    for el in ('id="build"', 'id="pack"', 'id="letters"', 'id="precheck"', 'id="download-dossier"'):
        assert el in page
    r = c.get("/case/case-a/precheck")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert "attachment" in r.headers["content-disposition"]
    text = PdfReader(io.BytesIO(r.content)).pages[0].extract_text()
    assert "仅供买家自查，请勿提交" in text
    assert not list((root / "case-a").rglob("*.pdf"))  # made on request, never written
