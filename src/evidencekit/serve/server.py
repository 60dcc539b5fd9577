"""Start the web page: pick the port, make the token, print the URL, run uvicorn.

127.0.0.1 only unless ``--lan`` (then the machine's own address, so a phone on the same
network can upload; the CLI says so in red and prints a QR code of the URL).
"""

from __future__ import annotations

import secrets
import socket
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from evidencekit.errors import OutputError
from evidencekit.serve.app import make_app

DEFAULT_PORT = 8765


@dataclass(frozen=True)
class Launch:
    host: str
    port: int
    token: str

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/?token={self.token}"


def free_port(host: str, start: int, tries: int = 50) -> int:
    """``start`` or the next port that can be bound on ``host``."""
    for port in range(start, min(start + tries, 65536)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind((host, port))
            except OSError:
                continue
            return port
    raise OutputError(f"no free port from {start} to {start + tries - 1}", "pass --port N")


def lan_address() -> str:
    """This machine's address on the local network (a UDP connect sends no packet)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return str(s.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def allowed_hosts(host: str, port: int) -> set[str]:
    hosts = {f"127.0.0.1:{port}", f"localhost:{port}", f"{host}:{port}"}
    if port == 80:
        hosts |= {"127.0.0.1", "localhost", host}
    return hosts


def serve(
    root: Path,
    port: int = DEFAULT_PORT,
    open_browser: bool = True,
    lan: bool = False,
    announce: Callable[[Launch], None] = lambda launch: print(launch.url, flush=True),
) -> None:
    """Run until interrupted; ``announce`` prints the URL (first line of stdout)."""
    host = lan_address() if lan else "127.0.0.1"
    launch = Launch(host, free_port(host, port), secrets.token_urlsafe(24))
    app = make_app(root, launch.token, allowed_hosts(host, launch.port), launch.port, lan)
    announce(launch)
    if open_browser:
        threading.Timer(0.8, webbrowser.open, args=(launch.url,)).start()
    uvicorn.run(app, host=host, port=launch.port, log_level="warning", access_log=False)
