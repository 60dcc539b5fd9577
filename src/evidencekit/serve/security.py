"""The guard in front of every request: the server holds the buyer's private evidence.

- Token: each launch makes a random token, shown once in the URL; the first request with
  ``?token=`` gets it as an HttpOnly SameSite=Strict cookie and is redirected to the same URL
  without it (so it does not stay in the address bar). No token -> 401.
- Host: must be one of ours (127.0.0.1/localhost with our port, or the LAN address with
  ``--lan``); anything else is a DNS-rebinding page -> 400.
- Origin: a state-changing request (POST...) must carry ``Origin: http://<our host>`` -> 403.
- Headers: a Content-Security-Policy allowing only our own origin, no sniffing, a referrer
  only to our own origin (``no-referrer`` would make the browser send ``Origin: null`` on a
  plain form POST, and the 新建案件 form would be refused as cross-origin).
"""

from __future__ import annotations

import hmac
from urllib.parse import urlencode

from starlette.datastructures import URL, MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; frame-src 'self'; object-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'self'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "SAMEORIGIN",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


def cookie_name(port: int) -> str:
    # Cookies ignore the port: two servers on one machine must not overwrite each other's.
    return f"ek_token_{port}"


class Guard:
    """ASGI middleware: Host, token and Origin checks, then the security headers."""

    def __init__(self, app: ASGIApp, token: str, hosts: set[str], port: int) -> None:
        self.app = app
        self.token = token
        self.hosts = {h.lower() for h in hosts}
        self.cookie = cookie_name(port)

    def _match(self, value: str | None) -> bool:
        return bool(value) and hmac.compare_digest(str(value).encode(), self.token.encode())

    def check(self, request: Request) -> Response | None:
        """The refusal for ``request``, or None when it may pass."""
        host = request.headers.get("host", "").lower()
        if host not in self.hosts:
            return PlainTextResponse("Bad Host header (DNS rebinding guard).", 400)
        if request.method not in SAFE_METHODS:
            origin = request.headers.get("origin", "")
            if origin.lower() != f"http://{host}":
                return PlainTextResponse("Cross-origin request refused.", 403)
        if self._match(request.query_params.get("token")):
            if request.method in SAFE_METHODS:
                rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
                url = URL(path=request.url.path, query=urlencode(rest))
                resp: Response = RedirectResponse(str(url), 303)
                resp.set_cookie(self.cookie, self.token, httponly=True, samesite="strict")
                return resp
            return None
        if self._match(request.cookies.get(self.cookie)):
            return None
        return PlainTextResponse(
            "需要登录链接：请打开终端里 evidencekit serve 显示的网址（含 token）。\n"
            "Open the URL that `evidencekit serve` printed (it carries the token).",
            401,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in HEADERS.items():
                    headers[k] = v
                if "cache-control" not in headers:
                    headers["cache-control"] = "no-store"
            await send(message)

        refusal = self.check(Request(scope))
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)
