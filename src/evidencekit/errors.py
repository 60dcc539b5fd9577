"""Exit codes (a stable, documented contract) and the exception hierarchy.

Evidence problems are *findings*, never exceptions. An exception means the command cannot go on;
each carries the exit code and a remedy sentence telling the user what to do (OCRmyPDF style).
Only ``cli.py`` turns these into process exits.
"""

from __future__ import annotations

import re
from enum import IntEnum

_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[{_CONTROL}\n\t]")
_UNSAFE_KEEP_LINES = re.compile(f"[{_CONTROL}]")


def safe_text(text: str, keep_lines: bool = False) -> str:
    """``text`` fit for a terminal: control characters (ESC, CR, newlines in a file name, C1),
    bidi overrides and undecodable bytes shown as ``\\x1b``, ``\\u202e`` ... instead of acting
    (a file name could otherwise repaint the screen or reverse a line, issue 19).
    ``keep_lines``: the program's own line breaks and tabs stay (for whole output texts)."""
    pattern = _UNSAFE_KEEP_LINES if keep_lines else _UNSAFE
    return pattern.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    n = ord(m.group())
    if 0xDC80 <= n <= 0xDCFF:  # a byte that was not UTF-8 (PEP 383)
        return f"\\x{n - 0xDC00:02x}"
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    """``audit --strict``: error-severity findings present."""
    USAGE = 2
    """Bad command line (click's own code)."""
    CASE_INVALID = 3
    """case.toml is invalid, or the case folder is missing."""
    OUTPUT_ERROR = 4
    """Output cannot be written (permissions, refuses to overwrite)."""
    VERIFY_FAILED = 5
    """verify: the dossier or the case folder does not match the manifest."""
    NOT_A_DOSSIER = 6
    """verify: the PDF carries no evidencekit manifest or cannot be parsed."""
    NO_EXHIBITS = 7
    """build: no file of the case can be shown as an exhibit; no dossier was written."""
    INTERNAL = 15
    """A bug: please report it with the output of ``-v``."""


class EvidenceKitError(Exception):
    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str, remedy: str = "") -> None:
        message, remedy = safe_text(message), safe_text(remedy)
        super().__init__(message)
        self.message = message
        self.remedy = remedy

    def __str__(self) -> str:
        return f"{self.message}\n  -> {self.remedy}" if self.remedy else self.message


class CaseError(EvidenceKitError):
    exit_code = ExitCode.CASE_INVALID


class OutputError(EvidenceKitError):
    exit_code = ExitCode.OUTPUT_ERROR


class NoExhibitsError(EvidenceKitError):
    exit_code = ExitCode.NO_EXHIBITS


class VerifyError(EvidenceKitError):
    exit_code = ExitCode.NOT_A_DOSSIER
