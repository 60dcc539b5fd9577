"""Command line, the commands that take a dossier PDF: verify and stamp (``cli.py`` adds
them to its group)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from evidencekit.cli_support import (
    dossier_arg,
    echo,
    handled,
    json_opt,
    json_text,
    tsa_cert_opt,
    tsa_opt,
)
from evidencekit.errors import CaseError


@click.command()
@dossier_arg
@click.option(
    "--case",
    "case_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Re-hash this case folder, compare it with the manifest, rebuild and compare.",
)
@json_opt
@tsa_cert_opt
@handled
def verify(pdf: Path, case_dir: Path | None, as_json: bool, tsa_cert: Path | None) -> None:
    """Check that a dossier (and optionally its case folder) is unchanged since it was built.

    Reports each signature and trusted timestamp it carries (never uses the network)."""
    from evidencekit.api import verify as verify_dossier
    from evidencekit.errors import TimestampError
    from evidencekit.integrity.verify import render_report

    if not pdf.is_file():
        raise CaseError(f"{pdf} does not exist", "give the path of the dossier PDF")
    if case_dir is not None and not case_dir.is_dir():
        raise CaseError(f"{case_dir} is not a folder", "give the case folder with --case")
    try:
        report = verify_dossier(pdf, case_dir, tsa_cert=tsa_cert)
    except TimestampError as exc:  # an unreadable --tsa-cert is a bad command line
        raise click.BadParameter(exc.message, param_hint="--tsa-cert") from None
    if as_json:
        echo(json_text(report.to_json()))
    else:
        for line in render_report(report):
            echo(line)
    sys.exit(int(report.exit_code))


@click.command()
@dossier_arg
@tsa_opt
@tsa_cert_opt
@click.option(
    "--request",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="OUT.tsq",
    help="Offline, step 1: write the RFC 3161 request for a TSA you reach some other way.",
)
@click.option(
    "--response",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    metavar="IN.tsr",
    help="Offline, step 2: embed the TSA's response to that request.",
)
@json_opt
@handled
def stamp(
    pdf: Path,
    tsa: str | None,
    tsa_cert: Path | None,
    request: Path | None,
    response: Path | None,
    as_json: bool,
) -> None:
    """Add a trusted timestamp (RFC 3161, 可信时间戳) to a dossier, as a PDF document timestamp.

    It proves the file existed unchanged at that time, not that its content is true.
    Online: --tsa URL. Offline: --request OUT.tsq, then --response IN.tsr."""
    from evidencekit.api import stamp as stamp_pdf

    if sum(x is not None for x in (tsa, request, response)) != 1:
        raise click.UsageError("give one of --tsa URL, --request OUT.tsq or --response IN.tsr")
    if request is not None and tsa_cert is not None:
        raise click.UsageError("--tsa-cert goes with --tsa or --response, not --request")
    if not pdf.is_file():
        raise CaseError(f"{pdf} does not exist", "give the path of the dossier PDF")
    import json

    from evidencekit.errors import safe_text

    rep = stamp_pdf(pdf, tsa, request, response, tsa_cert)
    if as_json:
        click.echo(json.dumps(rep.to_json(), ensure_ascii=False, indent=2))
        return
    for line in rep.lines():  # the TSA's name comes from its token: print it safely
        click.echo(safe_text(line))
