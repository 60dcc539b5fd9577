"""Command-line plumbing shared by the commands in cli.py: console, progress bars, the one
exception-to-exit-code wrapper, option parsing helpers and report printing."""

from __future__ import annotations

import json
import os
import re
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from evidencekit.errors import EvidenceKitError, ExitCode, safe_text
from evidencekit.options import DEFAULT_MAX_PIXELS, AuditOptions

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    # rich honours NO_COLOR itself; a pipe gets plain text.
    stream = sys.stderr if stderr else sys.stdout
    # A pipe or file gets plain text at a width that keeps paths whole.
    width = None if stream.isatty() else 160
    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=width)


def handled(fn: F) -> F:
    """One place that turns exceptions into messages and exit codes (tracebacks only with -v)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        verbose = (ctx.obj or {}).get("verbose", False)
        try:
            return fn(*args, **kwargs)
        except EvidenceKitError as exc:
            echo(f"evidencekit: error: {exc}", err=True)
            sys.exit(int(exc.exit_code))
        except BrokenPipeError:
            # `evidencekit audit DIR | head`: the reader left; not an error (see Python docs,
            # "Note on SIGPIPE"): point stdout at devnull so the exit flush does not fail again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except KeyboardInterrupt:
            echo("evidencekit: interrupted", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug: say so, keep the traceback for -v
            if verbose:
                traceback.print_exc()
            echo(
                f"evidencekit: internal error: {type(exc).__name__}: {exc}\n"
                "  -> this is a bug; please report it with the output of `evidencekit -v ...`",
                err=True,
            )
            sys.exit(int(ExitCode.INTERNAL))

    return wrapper  # type: ignore[return-value]


def parse_at(value: str | None) -> datetime | None:
    if not value:
        return None
    from datetime import UTC

    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{value!r}: use ISO 8601, e.g. 2025-12-20T10:00+08:00") from None
    if dt.tzinfo is None:
        raise click.BadParameter(f"{value!r} needs an offset, e.g. 2025-12-20T10:00+08:00")
    return dt.astimezone(UTC)


def audit_options(case_dir: Path, at: str | None, max_pixels: int, jobs: int) -> AuditOptions:
    return AuditOptions(case_dir=case_dir, max_pixels=max_pixels, now=parse_at(at), jobs=jobs)


def progress(ctx: click.Context, label: str) -> Any:
    """A rich progress callback on stderr when it is a terminal and -q was not given."""
    if (ctx.obj or {}).get("quiet") or not sys.stderr.isatty():
        return None, None
    from rich.progress import Progress

    prog = Progress(console=console(stderr=True), transient=True)
    label = safe_text(label)
    task = prog.add_task(label, total=None)

    current = [label]

    def update(done: int, total: int) -> None:
        if total:
            prog.update(task, completed=done, total=total)
        else:  # not known yet (pages while rendering): show the count
            prog.update(task, completed=done, total=None, description=f"{current[0]} ({done})")

    def stage(name: str) -> None:
        current[0] = name if name == label else f"{label}: {name}"
        prog.update(task, description=current[0], completed=0, total=None)

    update.stage = stage  # type: ignore[attr-defined]  # see progress.stage
    return prog, update


def announcer(lan: bool) -> Callable[[object], None]:
    """What ``serve`` prints once it listens: the URL first (scripts read it), then, with
    ``--lan``, the warning in red and the URL as a QR code."""

    def announce(launch: object) -> None:
        url = getattr(launch, "url", "")
        echo(url)  # first line of stdout: scripts and tests read it
        if lan:
            from evidencekit.api import qr_text

            click.secho(
                "LAN mode: anyone on this network who has this link can open your evidence.\n"
                "局域网模式：同一网络中拿到此链接的人都能打开你的证据。",
                fg="red",
                bold=True,
                err=True,
            )
            echo(qr_text(url), err=True)
        echo("Press Ctrl+C to stop. 按 Ctrl+C 停止。", err=True)

    return announce


def error_summary(rep: Any, case_dir: Path, included: bool) -> str:
    """The one line ``build`` prints on stderr about open error findings (issue 20): never in
    the dossier, which states facts; the pre-check lists them with the fixes."""
    codes = tuple(getattr(rep, "open_errors", ()))
    if not codes:
        return ""
    where = "also listed in the dossier" if included else "not in the dossier"
    return (
        f"  {len(codes)} open error finding{'s' if len(codes) > 1 else ''} "
        f"({', '.join(codes)}; {where}): see each with its fix in the pre-check: "
        f'evidencekit audit "{case_dir}" --pdf precheck.pdf'
    )


def print_build(rep: Any, case_dir: Path | None = None, included: bool = False) -> None:
    if rep.volumes:
        for v in rep.volumes:
            echo(
                f"{v.output}: {v.pages} pages, exhibits {v.exhibits[0]}–{v.exhibits[-1]}, "
                f"{v.size / 1e6:.1f} MB, fingerprint {v.fingerprint[:16]}…"
            )
    else:
        echo(
            f"{rep.output}: {rep.pages} pages, {rep.exhibits} exhibits, "
            f"{rep.size / 1e6:.1f} MB, fingerprint {rep.fingerprint[:16]}…"
        )
    for stamped in getattr(rep, "timestamps", ()):
        for line in stamped.lines()[1:]:
            click.echo(line)
    for line in getattr(rep, "warnings", ()):
        echo(f"  warning: {line}", err=True)
    summary = error_summary(rep, case_dir or Path("DIR"), included)
    if summary:
        echo(summary, err=True)
    if rep.not_embedded:
        shown = ", ".join(rep.not_embedded[:8])
        more = f" and {len(rep.not_embedded) - 8} more" if len(rep.not_embedded) > 8 else ""
        echo(f"  listed only (not exhibited; see the audit): {shown}{more}", err=True)
    if rep.missing_glyphs:
        echo(
            f"  characters the font lacks, printed as □: {''.join(rep.missing_glyphs)}",
            err=True,
        )


def print_letters(out: dict[str, Any], lang: str | None) -> None:
    """What ``letter`` prints: each message, its short and return texts, the long version."""
    for who, lt in out.items():
        zh = (lang or "zh") == "zh"
        echo(f"===== {lt.title} =====")
        echo(lt.body.rstrip())
        if who in ("seller", "platform") and lt.short and lt.short != lt.body:
            limit = f" (≤{lt.limit})" if lt.limit else ""
            head = ("聊天简版" if zh else "Chat version") if who == "seller" else None
            head = head or ("申请说明" if zh else "Application text")
            echo(f"\n----- {head}{limit} -----")
            echo(lt.short.rstrip())
        for line in getattr(lt, "advice", ()):
            click.echo(safe_text(("提示：" if zh else "Note: ") + line), err=True)
        if lt.return_note:
            echo(f"\n----- {'退货说明' if zh else 'Return note'} -----")
            echo(lt.return_note.rstrip())
        if who == "platform" and lt.long:
            echo(f"\n----- {'客服详细版' if zh else 'Long version for customer service'} -----")
            echo(lt.long.rstrip())
        echo("")


def echo(message: object = "", err: bool = False, nl: bool = True) -> None:
    """click.echo for every human-facing line: control characters and bidi overrides from file
    names and case.toml are shown escaped, never sent to the terminal (issue 19)."""
    click.echo(safe_text(str(message), keep_lines=True), err=err, nl=nl)


_JSON_UNSAFE = re.compile("[\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]")


def json_text(doc: object) -> str:
    """``doc`` as indented JSON (UTF-8 kept readable), with C1 controls and bidi overrides as
    ``\\uXXXX`` escapes (json.dumps escapes C0 itself): the same data, inert on a terminal."""
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# Options and arguments several commands share (cli.py).
case_arg = click.argument(
    "case_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR"
)
at_opt = click.option(
    "--at", default=None, help="Evaluate deadlines and 'future' checks at this time (ISO 8601)."
)
pixels_opt = click.option(
    "--max-pixels",
    default=DEFAULT_MAX_PIXELS,
    show_default=True,
    type=click.IntRange(1),
    help="No image is decoded to more pixels (decompression-bomb guard): a JPEG above it is "
    "decoded at 1/2, 1/4 or 1/8 scale; an image no scale brings under it is reported, not decoded.",
)
jobs_opt = click.option(
    "-j", "--jobs", default=0, type=click.IntRange(0), help="Worker processes (0 = all CPUs)."
)


tsa_opt = click.option(
    "--tsa",
    metavar="URL",
    default=None,
    help="RFC 3161 timestamp authority (TSA) URL: ask it for a trusted timestamp (network).",
)
tsa_cert_opt = click.option(
    "--tsa-cert",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    metavar="CA.pem",
    help="The TSA's root certificate(s), PEM: the timestamp must chain to it.",
)
json_opt = click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON on stdout.")
lang_opt = click.option(
    "--lang", type=click.Choice(["zh", "en"]), default=None, help="Default: case.toml."
)
dossier_arg = click.argument(
    "pdf", type=click.Path(dir_okay=False, path_type=Path), metavar="DOSSIER.pdf"
)


def decode_opts(f: F) -> F:
    """--at, --max-pixels and --jobs (audit, build, pack), in that order."""
    return at_opt(pixels_opt(jobs_opt(f)))


def with_progress(ctx: click.Context, label: str, run: Callable[[Any], T]) -> T:
    """``run(update)`` under a progress bar (``progress``), or ``run(None)`` without one."""
    prog, update = progress(ctx, label)
    if prog:
        with prog:
            return run(update)
    return run(None)


_BUILD_OPTS = (
    click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Output PDF (one case only). Default: DIR/dossier/<order>-evidence.pdf.",
    ),
    lang_opt,
    click.option(
        "--profile",
        default="standard",
        show_default=True,
        help="Submission profile: fits sizes, pages and volumes (see `evidencekit profiles`).",
    ),
    click.option("--attach-originals", is_flag=True, help="Also attach every original file."),
    click.option("--force", is_flag=True, help="Overwrite an output file that is not a dossier."),
    click.option(
        "--include-findings",
        is_flag=True,
        help="Put the audit's findings (phrased neutrally) into the dossier. Default: only in the "
        "pre-check (audit --pdf).",
    ),
    click.option("--keep-metadata", is_flag=True, help="Keep EXIF (incl. GPS) in embedded JPEGs."),
    click.option(
        "--show-location",
        is_flag=True,
        help="Print GPS positions on exhibit pages (off by default).",
    ),
    click.option(
        "--sign",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        default=None,
        help="Sign the dossier with this PKCS#12 (.p12/.pfx) key (needs evidencekit[sign]).",
    ),
    click.option(
        "--sign-passphrase",
        envvar="EVIDENCEKIT_SIGN_PASSPHRASE",
        default=None,
        help="Passphrase of the --sign key (or env EVIDENCEKIT_SIGN_PASSPHRASE).",
    ),
)


def build_opts(f: F) -> F:
    """build's own options, from -o to --sign-passphrase (in --help in this order)."""
    for opt in reversed(_BUILD_OPTS):
        f = opt(f)
    return f


def print_pack(rep: Any) -> None:
    """What ``pack`` wrote: each sheet, the text file, what was left out."""
    for sh in rep.sheets:
        legible = f", text x{sh.legibility:.2f}" if sh.legibility else ""
        echo(
            f"{sh.file}: {', '.join(sh.exhibits)} ({sh.format}, {sh.size / 1e6:.2f} MB, "
            f"{sh.pixels[0]}x{sh.pixels[1]}{legible})"
        )
    echo(f"{rep.text_file}: which image holds which exhibit, and the description text")
    if rep.left_out:
        echo(f"left out (count limit): {', '.join(rep.left_out)}", err=True)
    if rep.missing_glyphs:
        echo(f"characters the font lacks, drawn as □: {''.join(rep.missing_glyphs)}", err=True)
