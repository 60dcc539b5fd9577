"""The Starlette application: routes for the cases page and the case page.

Every route goes through ``evidencekit.api`` (the same operations and options as the CLI).
Case folders are looked up by name in the listing of the served folder, never joined from
the URL; file paths from the page must name a file inside the case folder.
"""

from __future__ import annotations

import json
import re
import tempfile
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from evidencekit import api
from evidencekit.errors import EvidenceKitError
from evidencekit.fonts import font_paths
from evidencekit.options import AuditOptions, BuildOptions
from evidencekit.serve import views, words
from evidencekit.serve.jobs import Job, Jobs
from evidencekit.serve.security import Guard
from evidencekit.serve.text import T, translator

HERE = Path(__file__).parent
MAX_UPLOAD = 500 * 1024 * 1024
THUMB = 320
_NAME = re.compile(r"[^/\\\x00-\x1f\x7f:*?\"<>|]{1,100}")


class Site:
    """The served folder, its templates and the running jobs."""

    def __init__(self, root: Path, lan: bool = False) -> None:
        self.root = root.resolve()
        self.lan = lan
        self.jobs = Jobs()
        self.thumbs: dict[tuple[Any, ...], bytes] = {}
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["q"] = lambda s: quote(str(s), safe="")
        self.env.globals |= {"page_words": words.page_words, "cat_source": words.category_source}

    def cases(self) -> dict[str, Path]:
        return {p.name or "case": p for p in views.list_cases(self.root)}

    def case_dir(self, request: Request) -> Path:
        found = self.cases().get(request.path_params["cid"])
        if found is None:
            raise _NotFound()
        return found

    def render(
        self, request: Request, template: str, status: int = 200, **ctx: Any
    ) -> HTMLResponse:
        lang = lang_of(request)
        html = self.env.get_template(template).render(
            t=translator(lang), tkeys=T, lang=lang, path=request.url.path, lan=self.lan, **ctx
        )
        return HTMLResponse(html, status)


class _NotFound(Exception):
    pass


def lang_of(request: Request) -> str:
    return "en" if request.cookies.get("ek_lang") == "en" else "zh"


def item_file(case_dir: Path, rel: str) -> Path:
    """``case_dir/rel`` when it is a file inside the case folder, else _NotFound."""
    parts = Path(rel).parts
    if not rel or Path(rel).is_absolute() or ".." in parts or "\\" in rel:
        raise _NotFound()
    path = case_dir / rel
    if not path.resolve().is_relative_to(case_dir.resolve()) or not path.is_file():
        raise _NotFound()
    return path


def make_app(root: Path, token: str, hosts: set[str], port: int, lan: bool = False) -> Any:
    site = Site(root, lan)

    async def cases_page(request: Request) -> Response:
        lang = lang_of(request)
        rows = await run_in_threadpool(
            lambda: [views.case_row(p, n, lang) for n, p in site.cases().items()]
        )
        return site.render(request, "cases.html", rows=rows, root=str(site.root))

    async def new_case(request: Request) -> Response:
        form = await request.form()
        name = str(form.get("name", "")).strip()
        if not _NAME.fullmatch(name) or name.startswith(".") or name in site.cases():
            lang = lang_of(request)
            rows = await run_in_threadpool(
                lambda: [views.case_row(p, n, lang) for n, p in site.cases().items()]
            )
            return site.render(request, "cases.html", 400, rows=rows, root=str(site.root), bad=name)
        await run_in_threadpool(api.init_case, site.root / name)
        return RedirectResponse(f"/case/{quote(name)}", 303)

    async def case_page(request: Request) -> Response:
        case_dir = site.case_dir(request)
        cid = request.path_params["cid"]
        view = await run_in_threadpool(views.case_view, case_dir, cid, lang_of(request))
        return site.render(
            request,
            "case.html",
            v=view,
            cid=cid,
            choices=api.case_choices(),
            folders=list(api.category_folders()),
            capture=views.capture_text,
            problem=views.problem_words(view.problem, case_dir, lang_of(request))
            if view.problem
            else "",
            pdf_profiles=words.profile_choices("pdf", lang_of(request)),
            image_profiles=words.profile_choices("images", lang_of(request)),
            claimed=api.default_claim_text(view.case, lang_of(request)) if view.case else "",
        )

    async def findings(request: Request) -> Response:
        case_dir = site.case_dir(request)
        view = await run_in_threadpool(
            views.case_view, case_dir, request.path_params["cid"], lang_of(request)
        )
        return site.render(request, "_findings.html", v=view)

    async def files(request: Request) -> Response:
        case_dir = site.case_dir(request)
        cid = request.path_params["cid"]
        view = await run_in_threadpool(views.case_view, case_dir, cid, lang_of(request))
        return site.render(
            request,
            "_files.html",
            v=view,
            cid=cid,
            folders=list(api.category_folders()),
            capture=views.capture_text,
        )

    async def save(request: Request, what: str) -> Response:
        case_dir = site.case_dir(request)
        form = await request.form()
        extra: dict[str, Any] = {}
        try:
            if what == "details":
                fields = {k: str(v) for k, v in form.items() if isinstance(v, str)}
                case = await run_in_threadpool(api.save_case_details, case_dir, fields)
                extra["claimed"] = api.default_claim_text(case, lang_of(request))
            elif what == "events":
                cols = {k: form.getlist(k) for k in ("kind", "at", "tracking", "carrier", "note")}
                rows = [
                    dict(zip(cols, vals, strict=False))
                    for vals in zip(*cols.values(), strict=False)
                ]
                await run_in_threadpool(api.save_case_events, case_dir, rows)
            else:
                rel = str(form.get("path", ""))
                item_file(case_dir, rel)
                boxes = json.loads(str(form.get("redact") or "[]"))
                changes = {
                    "caption": str(form.get("caption", "")).strip(),
                    "category": str(form.get("category", "")),
                    "exclude": form.get("exclude") == "on",
                    "redact": [[int(n) for n in b] for b in boxes if len(b) == 4],
                }
                await run_in_threadpool(api.save_file_setting, case_dir, rel, changes)
        except (EvidenceKitError, ValueError) as exc:
            message = views.save_error(exc, lang_of(request))
            return site.render(request, "_status.html", ok=False, message=message)
        resp = site.render(request, "_status.html", ok=True, message="", **extra)
        resp.headers["HX-Trigger"] = "ek-changed"
        return resp

    async def upload(request: Request) -> Response:
        case_dir = site.case_dir(request)
        t = translator(lang_of(request))
        if int(request.headers.get("content-length") or 0) > MAX_UPLOAD + 65536:
            msg = f"{t('failed')}: > {MAX_UPLOAD // (1024 * 1024)} MB"
            return JSONResponse({"ok": False, "message": msg}, 413)
        form = await request.form(max_files=1, max_fields=10)
        up = form.get("file")
        if not isinstance(up, UploadFile) or not up.filename:
            return JSONResponse({"ok": False, "message": "no file"}, 400)
        category = str(form.get("category") or "other")
        sha = str(form.get("sha256") or "") or None
        try:
            done = await run_in_threadpool(
                api.import_file, case_dir, category, up.filename, up.file, sha
            )
        except EvidenceKitError as exc:
            return JSONResponse({"ok": False, "message": str(exc)}, 400)
        finally:
            await up.close()
        word = t("duplicate") if done.duplicate else t("uploaded")
        return JSONResponse(
            {
                "ok": True,
                "path": done.path,
                "sha256": done.sha256,
                "duplicate": done.duplicate,
                "message": f"{done.path}: {word}",
            }
        )

    async def thumb(request: Request) -> Response:
        case_dir = site.case_dir(request)
        path = item_file(case_dir, request.query_params.get("path", ""))
        rel = path.relative_to(case_dir).as_posix()
        try:
            boxes = api.load_case(case_dir).redactions(rel)
        except EvidenceKitError:
            boxes = ()
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size, boxes)
        if key not in site.thumbs:
            data = await run_in_threadpool(path.read_bytes)
            try:
                site.thumbs[key] = await run_in_threadpool(api.thumbnail, data, THUMB, boxes)
            except Exception:  # not an image Pillow reads (video, broken file): no thumbnail
                return Response(status_code=204)
        return Response(site.thumbs[key], media_type="image/jpeg")

    async def build(request: Request) -> Response:
        case_dir = site.case_dir(request)
        cid, lang = request.path_params["cid"], lang_of(request)
        form = await request.form()
        profile = str(form.get("profile") or "standard")
        if profile not in {p.key for p in words.profile_choices("pdf", lang)}:
            profile = "standard"

        def work(job: Job) -> dict[str, Any]:
            try:
                rep = api.build(BuildOptions(AuditOptions(case_dir), profile=profile), job)
            except EvidenceKitError as exc:
                return {"error": views.build_error(exc, lang)}
            return {
                "ok": True,
                "href": f"/case/{quote(cid)}/dossier",
                **views.build_words(rep, case_dir, cid, profile, lang),
            }

        return JSONResponse({"job": site.jobs.start(work)})

    async def events(request: Request) -> Response:
        gen = site.jobs.stream(request.path_params["job"])
        return StreamingResponse(gen, media_type="text/event-stream")

    async def dossier(request: Request) -> Response:
        pdf = views.latest_dossier(site.case_dir(request))
        if pdf is None:
            raise _NotFound()
        inline = "inline" if request.query_params.get("view") else "attachment"
        return FileResponse(pdf, filename=pdf.name, content_disposition_type=inline)

    async def precheck(request: Request) -> Response:
        """The pre-check PDF (issue 18/20), made on request; never written into the case."""
        case_dir = site.case_dir(request)
        try:
            data = await run_in_threadpool(
                api.precheck_pdf, AuditOptions(case_dir), lang_of(request)
            )
        except EvidenceKitError as exc:
            return site.render(request, "_status.html", ok=False, message=str(exc))
        name = f"{quote(case_dir.name)}-precheck.pdf"
        return Response(
            data,
            media_type="application/pdf",
            headers={"content-disposition": f"attachment; filename*=UTF-8''{name}"},
        )

    async def letters(request: Request) -> Response:
        case_dir = site.case_dir(request)
        lang = lang_of(request)
        try:
            out = await run_in_threadpool(
                api.letters, AuditOptions(case_dir), ["seller", "platform"], lang
            )
        except EvidenceKitError as exc:
            return site.render(request, "_status.html", ok=False, message=str(exc))
        return site.render(
            request,
            "_letters.html",
            letters=out,
            units=api.letter_units,
            blocks=views.letter_blocks,
        )

    async def pack(request: Request) -> Response:
        case_dir = site.case_dir(request)
        form = await request.form()
        platform, lang = str(form.get("platform", "")), lang_of(request)
        opts = AuditOptions(case_dir)
        try:
            rep = await run_in_threadpool(api.pack, opts, platform, None, lang)
            left = await run_in_threadpool(views.pack_left_out, opts, rep, platform, lang)
        except EvidenceKitError as exc:
            return site.render(request, "_status.html", ok=False, message=str(exc))
        sheets = [s.file.relative_to(case_dir).as_posix() for s in rep.sheets]
        return site.render(
            request, "_pack.html", rep=rep, sheets=sheets, left=left, cid=request.path_params["cid"]
        )

    async def case_file(request: Request) -> Response:
        """A file the tool wrote (pack sheets) or an original, for viewing."""
        path = item_file(site.case_dir(request), request.query_params.get("path", ""))
        return FileResponse(path)

    async def verify(request: Request) -> Response:
        case_dir = site.case_dir(request)
        t = translator(lang_of(request))
        form = await request.form(max_files=1, max_fields=5)
        up = form.get("file")
        if not isinstance(up, UploadFile):
            return site.render(request, "_status.html", ok=False, message="no file")
        with tempfile.TemporaryDirectory(prefix="ek-verify-") as tmp:
            pdf = Path(tmp) / "dossier.pdf"
            pdf.write_bytes(await up.read())
            try:
                report = await run_in_threadpool(api.verify, pdf, case_dir)
            except EvidenceKitError:
                return site.render(
                    request,
                    "_verify.html",
                    ok=False,
                    head=t("verify_not"),
                    lists=[],
                    name=up.filename,
                )
        ok, head, lists = views.verify_words(report, t)
        return site.render(request, "_verify.html", ok=ok, head=head, lists=lists, name=up.filename)

    async def set_lang(request: Request) -> Response:
        nxt = request.query_params.get("next", "/")
        if not nxt.startswith("/") or nxt.startswith("//"):
            nxt = "/"
        resp = RedirectResponse(nxt, 303)
        to = "en" if request.query_params.get("to") == "en" else "zh"
        resp.set_cookie("ek_lang", to, httponly=True, samesite="strict")
        return resp

    async def font(request: Request) -> Response:
        """The bundled Noto Sans SC, so Chinese shows on machines without a CJK font (never
        a font service: the CSP allows only this origin)."""
        regular, bold = font_paths()
        path = bold if request.path_params["weight"] == "bold" else regular
        return FileResponse(path, headers={"cache-control": "max-age=86400"})

    async def not_found(request: Request, exc: Exception) -> Response:
        return Response("Not found", 404)

    c = "/case/{cid}"
    routes = [
        Route("/", cases_page),
        Route("/new", new_case, methods=["POST"]),
        Route("/lang", set_lang),
        Route(c, case_page),
        Route(c + "/findings", findings),
        Route(c + "/files", files),
        Route(c + "/details", partial(save, what="details"), methods=["POST"]),
        Route(c + "/events", partial(save, what="events"), methods=["POST"]),
        Route(c + "/file", partial(save, what="file"), methods=["POST"]),
        Route(c + "/upload", upload, methods=["POST"]),
        Route(c + "/thumb", thumb),
        Route(c + "/build", build, methods=["POST"]),
        Route(c + "/dossier", dossier),
        Route(c + "/letters", letters, methods=["POST"]),
        Route(c + "/precheck", precheck),
        Route(c + "/pack", pack, methods=["POST"]),
        Route(c + "/view", case_file),
        Route(c + "/verify", verify, methods=["POST"]),
        Route("/jobs/{job}/events", events),
        Route("/fonts/{weight}.ttf", font),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={_NotFound: not_found})
    return Guard(app, token, hosts, port)
