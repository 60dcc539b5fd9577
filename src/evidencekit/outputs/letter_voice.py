"""The basis sentences and requests of law.toml / kinds.toml are written to the seller ("We
request …", "your description", "notified you"). A text to a third party (the platform, a
mediator, a court) names the parties instead: ``third_person`` rewrites the English; the
Chinese is swapped word for word (贵方 -> 卖家/被告, 我方 -> 买家/原告)."""

from __future__ import annotations

import re

_KEEP = frozenset("may must will would can could shall should did".split())
_IRREGULAR = {"have": "has", "do": "does", "are": "is", "am": "is", "were": "was"}
_YOU_VERBS = frozenset(
    "must may did have deliver bear are accepted will would should can could".split()
)
_WORD = re.compile(r"\b(We|we|I|You|you|Your|your|Our|our|My|my|us|me)\b(\s+)?([A-Za-z]+)?")


def _agree(verb: str) -> str:
    """The third-person singular of ``verb`` (a past tense or modal stays as it is)."""
    low = verb.lower()
    if low in _KEEP or low.endswith("ed") or low in ("not", "also", "only"):
        return verb
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if re.search(r"(s|sh|ch|x|o)$", low):
        return verb + "es"
    return verb + "s"


def third_person(text: str, buyer: str = "the buyer", seller: str = "the seller") -> str:
    """ "We request … at your expense" -> "The buyer requests … at the seller's expense"."""

    def sub(m: re.Match[str]) -> str:
        word, space, nxt = m.group(1), m.group(2) or "", m.group(3) or ""
        low = word.lower()
        if low in ("we", "i"):
            return f"{buyer}{space}{_agree(nxt)}" if nxt else buyer
        if low in ("our", "my"):
            return f"{buyer}'s{space}{nxt}"
        if low in ("us", "me"):
            return f"{buyer}{space}{nxt}"
        if low == "your":
            return f"{seller}'s{space}{nxt}"
        if nxt.lower() in _YOU_VERBS:  # "you" as the subject
            return f"{seller}{space}{_agree(nxt)}"
        return f"{seller}{space}{nxt}"

    out = _WORD.sub(sub, text)
    # A sentence that now starts with "the buyer" starts with a capital.
    return re.sub(r"(^|[.!?]\s+|\n)([a-z])", lambda m: m.group(1) + m.group(2).upper(), out)
