"""evidencekit serve end to end, in real headless Chromium (Debian ``chromium`` + Playwright).

Starts ``evidencekit serve`` on a free port, opens the case page with the printed token,
uploads generated photos and a screenshot through ``#upload``, fills the form, waits for the
findings, draws a redaction box, builds, downloads the dossier (checked with pypdf) and runs
verify on it through ``#verify-upload``. Every request the page makes must go to our server.
Skips cleanly without Chromium or Playwright. ``EK_SCREENSHOTS=DIR`` also saves the
screenshots used in the README.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian chromium not installed (.ci/run installs it)", allow_module_level=True)
pytest.importorskip("starlette")
sync_api = pytest.importorskip("playwright.sync_api")
pypdf = pytest.importorskip("pypdf")

from evidencekit.api import init_case  # noqa: E402
from evidencekit.testing.imagegen import camera_jpeg, screenshot_png  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path):
    root = tmp_path / "cases"
    init_case(root / "order-1")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "evidencekit",
            "serve",
            str(root),
            "--no-browser",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert re.fullmatch(rf"http://127\.0\.0\.1:{port}/\?token=[\w-]{{20,}}", url), url
        for _ in range(100):  # the URL is printed just before uvicorn binds
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield url, root / "order-1"
    finally:
        proc.terminate()
        proc.wait(10)


def _evidence(folder: Path) -> list[Path]:
    folder.mkdir()
    return [
        camera_jpeg(folder / "IMG_20251215_170233.jpg", taken="2025-12-15 17:02:33", seed=1),
        # Edited in Photoshop: the audit must object to it (a finding grouped under this file).
        camera_jpeg(
            folder / "IMG_20251215_170301.jpg",
            taken="2025-12-15 17:03:01",
            software="Adobe Photoshop 25.0 (Windows)",
            seed=2,
        ),
        screenshot_png(folder / "Screenshot_2025-12-16-10-03-00_wechat.png", kind="chat"),
    ]


def test_the_whole_job_in_a_browser(server, tmp_path):
    url, case_dir = server
    base = url.split("/?")[0]
    files = _evidence(tmp_path / "phone")
    shots = os.environ.get("EK_SCREENSHOTS")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page = ctx.new_page()
        hosts: set[str] = set()
        page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc or r.url[:5]))
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))

        page.goto(url)
        assert page.url == base + "/"  # the token went into the cookie
        assert "order-1" in page.inner_text("main")
        page.goto(base + "/case/order-1")
        assert page.locator("html").get_attribute("lang") == "zh-CN"

        page.set_input_files("#upload", [str(f) for f in files])
        # (no wait_for_function: the page's CSP rightly forbids evaluating strings)
        page.locator("#upload-log li.good").nth(2).wait_for()
        assert page.locator("#upload-log li").count() == 3
        for f in files[:2]:
            assert (case_dir / "product" / f.name).read_bytes() == f.read_bytes()
        assert (case_dir / "chat" / files[2].name).read_bytes() == files[2].read_bytes()
        page.wait_for_selector("#files form.file >> nth=2")

        page.fill("#f-order_id", "3891234567890123")
        page.select_option("select[name=claim]", "damaged")
        page.fill("#f-statement", "收到货时箱子侧面有很深的划痕。")
        page.locator("#f-statement").blur()
        page.wait_for_selector("#details-status .good")
        toml = (case_dir / "case.toml").read_text(encoding="utf-8")
        assert 'order_id = "3891234567890123"' in toml and 'claim = "damaged"' in toml
        assert "# the order number, exactly as the platform shows it" in toml  # comments kept

        page.click("#add-event")
        row = page.locator(".event-row").last
        row.locator("select[name=kind]").select_option("delivered")
        # Delivered four days ago (in the server's clock): the 7-day window closes in 3 days.
        shanghai = datetime.now(ZoneInfo("Asia/Shanghai"))  # the case's zone (case.toml)
        delivered = (shanghai - timedelta(days=4, hours=-1)).strftime("%Y-%m-%dT%H:%M")
        row.locator("input[name=at]").fill(delivered)
        page.wait_for_selector("#events-status .good")
        toml = (case_dir / "case.toml").read_text(encoding="utf-8")
        assert f'at = "{delivered.replace("T", " ")}"' in toml
        page.wait_for_selector("#findings .deadlines li.next")
        page.wait_for_selector(f"#findings h3:has-text('{files[1].name}')")

        pic = page.locator("#files .pic").first
        pic.locator("img").wait_for()
        page.wait_for_load_state("networkidle")
        pic.scroll_into_view_if_needed()  # the mouse only acts inside the viewport
        box = pic.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + 10, box["y"] + 10)
        page.mouse.down()
        page.mouse.move(box["x"] + 80, box["y"] + 50, steps=5)
        page.mouse.up()
        status = page.locator("#files form.file").first.locator(".status")
        try:
            status.locator(".good").wait_for(timeout=15_000)
        except sync_api.TimeoutError:
            pytest.fail(f"redaction not saved: {status.inner_text()!r} {errors}")
        assert "redact = [[" in (case_dir / "case.toml").read_text(encoding="utf-8")

        if shots:
            page.set_viewport_size({"width": 1280, "height": 1500})
            page.goto(base + "/case/order-1")
            page.wait_for_load_state("networkidle")  # thumbnails and the bundled font
            page.evaluate("document.fonts.ready.then(() => 1)")
            page.wait_for_timeout(1000)
            page.screenshot(path=f"{shots}/serve-case.png")
            page.set_viewport_size({"width": 1280, "height": 640})
            page.goto(base + "/")
            page.wait_for_load_state("networkidle")
            page.evaluate("document.fonts.ready.then(() => 1)")
            page.wait_for_timeout(1000)
            page.screenshot(path=f"{shots}/serve-cases.png")
            page.goto(base + "/case/order-1")

        page.goto(base + "/")
        # The count depends on the wall clock and the case's zone; the form is what is checked.
        card = page.inner_text(".case-card")
        assert re.search(r"\d+天后截止", card), card
        page.goto(base + "/case/order-1")
        page.click("#build")
        page.wait_for_selector("#download-dossier:visible", timeout=180_000)
        assert "页" in page.inner_text("#build-status")
        with page.expect_download() as dl:
            page.click("#download-dossier")
        saved = tmp_path / "got.pdf"
        dl.value.save_as(saved)
        reader = pypdf.PdfReader(saved)
        assert len(reader.pages) >= 3
        assert "3891234567890123" in "".join(pg.extract_text() or "" for pg in reader.pages)

        page.set_input_files("#verify-upload", str(saved))
        page.wait_for_selector("#verify-result .verify")
        assert "材料完好" in page.inner_text("#verify-result")
        tampered = tmp_path / "tampered.pdf"
        tampered.write_bytes(b"%PDF-1.4\n% not a dossier\n")
        page.set_input_files("#verify-upload", str(tampered))
        page.wait_for_selector("#verify-result .verify.bad")
        assert "无法验证" in page.inner_text("#verify-result")

        page.click("#letters")
        page.wait_for_selector("#letters-result textarea")
        assert "字数" in page.inner_text("#letters-result")
        browser.close()
    assert not errors, errors
    assert hosts == {urlsplit(base).netloc}, hosts  # no request to any other host


SAMPLE = Path(__file__).parents[1] / "samples" / "1688-quality-case"


def test_phone_width_and_keyboard_only(server):
    """At phone width (390x844) nothing is wider than the screen; the page is usable with the
    keyboard alone: Tab reaches the file picker and every button, Enter on 生成文字 works;
    the Chinese page shows no browser-English file button and names every profile."""
    import shutil

    url, case_dir = server
    base = url.split("/?")[0]
    shutil.copytree(SAMPLE, case_dir.parent / "sample")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        # A plain form POST (新建案件) carries our Origin, so the guard lets it through.
        page.fill("#new-case-name", "新案件")
        page.click("#new-case")
        page.wait_for_url(base + "/case/%E6%96%B0%E6%A1%88%E4%BB%B6")
        assert (case_dir.parent / "新案件" / "case.toml").is_file()
        page.goto(base + "/")
        page.fill("#new-case-name", "a/b")
        page.click("#new-case")
        assert "不能用“a/b”作案件名称" in page.inner_text("#new-case-error")
        assert page.locator(".case-card").count() == 3  # the list stays
        page.goto(base + "/case/sample")
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"page is {width}px wide on a 390px phone"
        assert "Choose File" not in page.inner_text("body")
        options = page.locator("#build-profile option").all_inner_texts()
        assert "万事达卡（Mastercom）拒付材料" in options and "标准证据册" in options[0]
        page.select_option("#build-profile", "mastercard")
        assert page.locator('.profile-notes[data-profile="mastercard"]').is_visible()
        assert "收费门槛" in page.inner_text('.profile-notes[data-profile="mastercard"]')
        assert not page.locator('.profile-notes[data-profile="standard"]').is_visible()
        reached: list[str] = []
        page.locator("body").focus()
        for _ in range(400):
            page.keyboard.press("Tab")
            el = page.evaluate("document.activeElement.id || document.activeElement.tagName")
            reached.append(el)
            if el == "letters":
                break
        assert "upload" in reached and "build" in reached and "pack" in reached, reached
        assert reached[-1] == "letters", reached[-20:]
        print("tab order:", reached)
        page.keyboard.press("Enter")
        page.wait_for_selector("#letters-result textarea", timeout=60_000)
        assert "聊天简版" in page.inner_text("#letters-result")
        browser.close()
    assert not errors, errors
