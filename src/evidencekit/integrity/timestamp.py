"""stamp: an RFC 3161 trusted timestamp (可信时间戳) on a finished dossier, from a TSA online
(``--tsa URL``) or in two steps (``--request OUT.tsq``, then ``--response IN.tsr``).

The only code in evidencekit that opens a network connection, and only to the URL the user
gives with ``stamp --tsa`` or ``build --tsa``; nothing is stored (the URL and any credentials
in it stay on the command line). The signing package does the PDF and ASN.1 side (pyHanko).
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidencekit._io import atomic_output
from evidencekit.errors import TimestampError
from evidencekit.integrity import signing
from evidencekit.integrity.timestamp_status import MEANING, TimestampStatus

TIMEOUT = 30
"""Seconds to wait for the TSA."""
MAX_RESPONSE = 1 << 20
"""A TSA's answer is a few KB; more is not an answer."""


@dataclass(frozen=True)
class StampReport:
    pdf: Path
    status: TimestampStatus | None = None
    """The timestamp now in the dossier (None after ``--request``)."""
    request: Path | None = None
    """The request written by ``--request``."""
    digest: str = ""
    """SHA-256 the request asks the TSA to stamp (hex)."""
    roots_given: bool = False

    def lines(self) -> list[str]:
        if self.request is not None:
            return [
                f"{self.request}: timestamp request for {self.pdf.name} (SHA-256 {self.digest})",
                "  send it to the TSA (for example: curl -H 'Content-Type: "
                "application/timestamp-query' --data-binary @OUT.tsq URL -o IN.tsr), then run",
                f"  evidencekit stamp {self.pdf} --response IN.tsr",
                "  (the dossier must not change in between; nothing was written to it)",
            ]
        assert self.status is not None
        return [
            f"{self.pdf}: timestamp added",
            f"  {self.status.describe()}",
            f"  {MEANING['en']}",
            f"  {MEANING['zh']}",
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "pdf": str(self.pdf),
            "request": str(self.request) if self.request else None,
            "digest": self.digest or None,
            "timestamp": self.status.to_json(self.roots_given) if self.status else None,
        }


def stamp(
    pdf: Path,
    tsa: str | None = None,
    request: Path | None = None,
    response: Path | None = None,
    tsa_cert: Path | None = None,
) -> StampReport:
    """Exactly one of ``tsa`` (online), ``request`` (write a .tsq) or ``response`` (embed a
    .tsr). The dossier must verify first; it is replaced atomically, only once the embedded
    token matches it (and, with ``tsa_cert``, chains to that root). TimestampError otherwise."""
    if sum(x is not None for x in (tsa, request, response)) != 1:
        raise TimestampError(
            "give one of --tsa URL, --request OUT.tsq or --response IN.tsr",
            "online: --tsa URL; offline: --request first, then --response",
        )
    roots = signing.load_roots(tsa_cert) if tsa_cert else []
    _must_verify(pdf)
    if request is not None:
        tsq, digest = signing.timestamp_request(pdf)
        with atomic_output(request) as tmp:
            tmp.write_bytes(tsq)
        return StampReport(pdf, request=request, digest=digest.hex())
    if tsa is not None:
        url = _checked_url(tsa)
        data = signing.stamp_online(pdf, lambda tsq: post(url, tsq))
    else:
        assert response is not None
        data = signing.stamp_with_response(pdf, _read(response))
    with atomic_output(pdf) as tmp:
        tmp.write_bytes(data)
        found = signing.check_timestamps(tmp, roots) or []
        status = found[-1] if found else None
        if status is None or not status.ok(bool(roots)):
            why = status.describe() if status else "it cannot be read back"
            raise TimestampError(
                f"the timestamp was not added to {pdf.name}: {why}",
                "give the TSA's own root certificate with --tsa-cert"
                if status and status.matches
                else "report a bug",
            )
    return StampReport(pdf, status, roots_given=bool(roots))


def _must_verify(pdf: Path) -> None:
    """A timestamp vouches for the file as it is: refuse one that no longer verifies."""
    from evidencekit.integrity.verify import verify_dossier

    report = verify_dossier(pdf)
    if not report.ok:
        failed = "; ".join(f"{c.name}: {c.detail}" for c in report.checks if not c.ok)
        raise TimestampError(
            f"{pdf.name} does not verify, so it is not timestamped ({failed})",
            "rebuild the dossier from the case folder, then stamp it",
        )


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_RESPONSE:
            raise TimestampError(f"{path.name} is too large for a timestamp response", "")
        return path.read_bytes()
    except OSError as exc:
        raise TimestampError(
            f"cannot read {path}: {exc.strerror or exc}", "check the path"
        ) from None


def _checked_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TimestampError(
            f"{_shown(url)} is not an http(s) URL",
            "give the TSA's URL, e.g. https://tsa.example/tsr",
        )
    return url


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def post(url: str, tsq: bytes, timeout: float = TIMEOUT) -> bytes:
    """POST an RFC 3161 request (RFC 3161 §3.4, ``application/timestamp-query``); the answer's
    bytes. User and password in the URL are sent as HTTP Basic authentication."""
    parts = urllib.parse.urlsplit(url)
    headers = {
        "Content-Type": "application/timestamp-query",
        "Accept": "application/timestamp-reply",
    }
    if parts.username is not None:
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password or "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
        host = parts.hostname or ""
        netloc = host + (f":{parts.port}" if parts.port else "")
        url = urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    req = urllib.request.Request(url, data=tsq, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            body = res.read(MAX_RESPONSE + 1)
    except urllib.error.HTTPError as exc:
        raise TimestampError(
            f"the TSA at {_shown(url)} answered HTTP {exc.code} {exc.reason}",
            "check the URL and, for a paid TSA, the account in it (https://user:pass@host/…)",
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TimestampError(
            f"cannot reach the TSA at {_shown(url)}: {reason}",
            "check the network and the URL, or stamp offline: --request OUT.tsq, then "
            "--response IN.tsr",
        ) from None
    if len(body) > MAX_RESPONSE:
        raise TimestampError(f"the TSA at {_shown(url)} sent more than 1 MB", "check the URL")
    return body
