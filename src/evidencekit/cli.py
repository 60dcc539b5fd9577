"""Command line: parse arguments into option objects, call the API, map errors to exit codes.

This is the only module that exits the process. Exit codes: see errors.ExitCode and the README.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from evidencekit import __version__
from evidencekit.cli_dossier import stamp, verify
from evidencekit.cli_support import (
    announcer,
    at_opt,
    audit_options,
    build_opts,
    case_arg,
    console,
    decode_opts,
    echo,
    handled,
    json_opt,
    json_text,
    lang_opt,
    print_build,
    print_letters,
    print_pack,
    tsa_cert_opt,
    tsa_opt,
    with_progress,
)
from evidencekit.errors import CaseError, EvidenceKitError, ExitCode
from evidencekit.options import DEFAULT_MAX_PIXELS, BuildOptions


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="evidencekit")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for internal errors.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Turn a folder of dispute evidence into a numbered, verifiable PDF dossier.

    Exit codes: 0 ok, 1 findings (audit --strict), 2 usage, 3 case invalid, 4 output error,
    5 verify mismatch, 6 not a dossier, 7 no exhibit (build), 8 no timestamp added
    (stamp), 15 internal error.
    """
    ctx.obj = {"verbose": verbose, "quiet": quiet}


@cli.command()
@case_arg
@handled
def init(case_dir: Path) -> None:
    """Create the category folders and a commented case.toml in DIR."""
    from evidencekit.case.scaffold import FOLDERS, init_case

    created = init_case(case_dir)
    echo(f"Created in {case_dir}: {', '.join(created)}")
    for name, what in FOLDERS.items():
        echo(f"  {name + '/':<9} {what}")
    echo("Next: fill in case.toml, add your files, then run `evidencekit audit DIR`.")


@cli.command()
@case_arg
@json_opt
@click.option("--strict", is_flag=True, help="Exit 1 when there are error-severity findings.")
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of the report. Default: case.toml.",
)
@click.option(
    "--pdf",
    "pdf",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the pre-check PDF (for your own review, not for submission) here.",
)
@decode_opts
@click.pass_context
@handled
def audit(
    ctx: click.Context,
    case_dir: Path,
    as_json: bool,
    strict: bool,
    lang: str | None,
    pdf: Path | None,
    at: str | None,
    max_pixels: int,
    jobs: int,
) -> None:
    """Read every file's metadata and hashes and explain what the other side could object to.

    With --pdf, also write the pre-check: every finding with the objection and the fix, the
    deadlines and what to collect next, marked "for your own review, do not submit"."""
    from evidencekit.api import audit_with_deadlines
    from evidencekit.audit.report import audit_json, print_report, summary

    opts = audit_options(case_dir, at, max_pixels, jobs)
    result, deadlines = with_progress(
        ctx, "Reading files", lambda update: audit_with_deadlines(opts, update)
    )
    if as_json:
        doc = audit_json(result, {"deadlines": [d.to_json() for d in deadlines]})
        echo(json_text(doc))
    else:
        lang = lang or result.case.language
        entries = [d.describe(opts.clock(), lang) for d in deadlines]
        print_report(result, console(), entries, lang)
    if pdf is not None:
        from evidencekit.api import write_precheck

        written = write_precheck(result, pdf, lang, opts.clock())
        echo(f"pre-check (for your own review, do not submit): {written}", err=True)
    if strict and summary(result)["errors"]:
        sys.exit(int(ExitCode.FINDINGS))


@cli.command()
@click.argument(
    "case_dirs",
    nargs=-1,
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR...",
)
@build_opts
@tsa_opt
@tsa_cert_opt
@decode_opts
@click.pass_context
@handled
def build(
    ctx: click.Context,
    case_dirs: tuple[Path, ...],
    output: Path | None,
    lang: str | None,
    profile: str,
    attach_originals: bool,
    force: bool,
    include_findings: bool,
    keep_metadata: bool,
    show_location: bool,
    sign: Path | None,
    sign_passphrase: str | None,
    tsa: str | None,
    tsa_cert: Path | None,
    at: str | None,
    max_pixels: int,
    jobs: int,
) -> None:
    """Build the PDF dossier of each case folder DIR."""
    from evidencekit.api import build as api_build

    if output and len(case_dirs) > 1:
        raise click.UsageError("-o/--output takes one case folder; omit it to build several")

    def options_for(case_dir: Path, jobs: int) -> BuildOptions:
        return BuildOptions(
            audit=audit_options(case_dir, at, max_pixels, jobs),
            output=output,
            lang=lang,
            profile=profile,
            attach_originals=attach_originals,
            force=force,
            keep_metadata=keep_metadata,
            show_location=show_location,
            sign=sign,
            sign_passphrase=sign_passphrase,
            include_findings=include_findings,
            tsa=tsa,
            tsa_cert=tsa_cert,
        )

    if len(case_dirs) == 1:
        one = options_for(case_dirs[0], jobs)
        rep = with_progress(ctx, f"Building {case_dirs[0].name}", lambda u: api_build(one, u))
        print_build(rep, case_dirs[0], include_findings)
        return
    from evidencekit.api import build_many

    # Several cases: one process per case (each single-threaded inside), in parallel.
    worst = 0
    many = [options_for(d, 1) for d in case_dirs]
    outcomes = with_progress(
        ctx, f"Building {len(case_dirs)} cases", lambda u: build_many(many, jobs, u)
    )
    for case_dir, outcome in outcomes:
        if isinstance(outcome, EvidenceKitError):
            echo(f"evidencekit: error: {case_dir}: {outcome}", err=True)
            worst = max(worst, int(outcome.exit_code))
        else:
            print_build(outcome, case_dir, include_findings)
    if worst:
        sys.exit(worst)


@cli.command()
@case_arg
@click.option(
    "--to",
    "to",
    type=click.Choice(["seller", "platform", "12315", "association", "court", "courier", "issuer"]),
    default=None,
    help="Which text (default: seller and platform).",
)
@lang_opt
@json_opt
@at_opt
@handled
def letter(case_dir: Path, to: str | None, lang: str | None, as_json: bool, at: str | None) -> None:
    """Print the messages to the seller and to the platform, built from case.toml and the audit."""
    from evidencekit.api import letters

    opts = audit_options(case_dir, at, DEFAULT_MAX_PIXELS, 0)
    out = letters(opts, [to] if to else ["seller", "platform"], lang)
    if as_json:
        echo(json_text({k: v.__dict__ for k, v in out.items()}))
        return
    print_letters(out, lang)


@cli.command()
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", help="Default: zh.")
@click.option("--json", "as_json", is_flag=True, help="Every profile's fields as JSON.")
@handled
def profiles(lang: str, as_json: bool) -> None:
    """List the submission profiles with their limits and sources."""
    from evidencekit.api import list_profiles, profiles_text

    if as_json:
        echo(json_text({"profiles": [p.to_json() for p in list_profiles()]}))
        return
    echo(profiles_text(lang))


@cli.command()
@case_arg
@click.option(
    "--platform",
    "platform",
    required=True,
    help="Image profile: 1688-apply, 1688-return, taobao (see `evidencekit profiles`).",
)
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder. Default: DIR/dossier/pack-<platform>/.",
)
@lang_opt
@decode_opts
@click.pass_context
@handled
def pack(
    ctx: click.Context,
    case_dir: Path,
    platform: str,
    outdir: Path | None,
    lang: str | None,
    at: str | None,
    max_pixels: int,
    jobs: int,
) -> None:
    """Write upload images (contact sheets) for an image-only platform, and what to type."""
    from evidencekit.api import pack as api_pack

    opts = audit_options(case_dir, at, max_pixels, jobs)
    rep = with_progress(
        ctx, f"Packing {case_dir.name}", lambda u: api_pack(opts, platform, outdir, lang, u)
    )
    print_pack(rep)


@cli.command()
@click.argument(
    "cases_dir",
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="[DIR]",
)
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-browser", is_flag=True, help="Do not open the browser.")
@click.option(
    "--lan", is_flag=True, help="Listen on this machine's network address (upload from a phone)."
)
@handled
def serve(cases_dir: Path, port: int, no_browser: bool, lan: bool) -> None:
    """Open the cases in DIR (default: here) as a page in your browser, on this machine only.

    The first line printed is the URL with this launch's token; keep it private.
    """
    try:
        from evidencekit.serve.server import serve as run
    except ImportError as exc:
        raise CaseError(
            f"evidencekit serve needs the web extra ({exc.name} is not installed)",
            "pip install 'evidencekit[web]'",
        ) from None
    if not cases_dir.is_dir():
        raise CaseError(f"{cases_dir} is not a folder", "give the folder that holds your cases")

    run(cases_dir, port, not no_browser, lan, announcer(lan))


cli.add_command(verify)
cli.add_command(stamp)


def main() -> None:
    try:
        cli.main(prog_name="evidencekit", standalone_mode=True)
    except CaseError as exc:  # pragma: no cover - handled inside commands
        echo(f"evidencekit: error: {exc}", err=True)
        sys.exit(int(exc.exit_code))
