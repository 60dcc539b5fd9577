"""What a document timestamp in a dossier says, and how every output words it (zh and en).

A timestamp proves the file existed unchanged at the time it states; it does not prove that
what the file says is true. Every output that shows a timestamp says so (``MEANING``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MEANING = {
    "en": "A trusted timestamp proves the file existed, unchanged, at that time; "
    "it does not prove that its content is true.",
    "zh": "可信时间戳证明该文件在该时间已经存在且此后未被改动，不证明其内容真实。",
}
NO_ROOT = "not trusted: no root given"


@dataclass(frozen=True)
class TimestampStatus:
    field: str
    time: str
    """The time the TSA states (ISO 8601, UTC); "" when the token cannot be read."""
    tsa: str
    """The TSA's name from the token, else its certificate's subject."""
    algorithm: str
    """Hash algorithm of the message imprint (sha256, sm3 …)."""
    matches: bool | None
    """The token's imprint equals the digest of the bytes it covers; None: not computable."""
    valid: bool | None
    """The TSA's signature on the token is sound; None: algorithm not supported."""
    trusted: bool | None
    """The TSA certificate chains to a given root; None: no root given (or not checkable)."""
    problem: str = ""
    """Why it could not be checked or failed ("algorithm not supported (SM2/SM3) …")."""

    @property
    def supported(self) -> bool:
        return self.valid is not None

    def ok(self, roots_given: bool) -> bool:
        """Passes verify: the token matches and is sound (or its algorithm cannot be checked
        here, while its imprint matches), and chains to the roots when roots were given."""
        if self.matches is False or self.valid is False:
            return False
        return not (roots_given and self.supported and not self.trusted)

    def trust_words(self) -> str:
        if not self.supported:
            return "trust not checked: algorithm not supported"
        if self.trusted is None:
            return NO_ROOT
        return (
            "trusted (chains to --tsa-cert)"
            if self.trusted
            else "NOT trusted: does not chain to --tsa-cert"
        )

    def describe(self) -> str:
        """One line: time, TSA, algorithm, match, trust."""
        if not self.time:
            return self.problem
        if self.matches is None:
            match = "match not checked"
        else:
            match = (
                "token matches the document"
                if self.matches
                else "token does NOT match the document"
            )
        parts = [f"{self.time} by {self.tsa}", self.algorithm, match]
        if self.valid is False:
            parts.append("TSA signature broken")
        parts.append(self.trust_words())
        if not self.supported:
            parts.append(self.problem)
        return "; ".join(parts)

    def to_json(self, roots_given: bool) -> dict[str, Any]:
        return {
            "field": self.field,
            "time": self.time or None,
            "tsa": self.tsa,
            "hash_algorithm": self.algorithm,
            "matches": self.matches,
            "signature_valid": self.valid,
            "trusted": self.trusted,
            "trust": self.trust_words(),
            "supported": self.supported,
            "ok": self.ok(roots_given),
            "problem": self.problem or None,
            "meaning": dict(MEANING),
        }
