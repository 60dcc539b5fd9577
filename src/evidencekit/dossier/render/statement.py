"""2. Statement: the buyer's own account (case.toml ``statement``) and what is claimed."""

from __future__ import annotations

import re

from reportlab.platypus import Flowable, PageBreak

from evidencekit.dossier.render.i18n import label, t
from evidencekit.dossier.render.model import DossierSpec, Layout
from evidencekit.dossier.render.styles import Paragraph, Styles
from evidencekit.dossier.render.template import Anchor
from evidencekit.dossier.render.text import Glyphs, claim_amount


def statement(spec: DossierSpec, layout: Layout, s: Styles, gl: Glyphs) -> list[Flowable]:
    lang, case = spec.lang, spec.result.case
    out: list[Flowable] = [
        PageBreak(),
        Anchor("statement", t(lang, "s_statement"), 0, layout),
        Paragraph(gl.para(t(lang, "s_statement")), s.h1),
    ]
    text = case.statement_in(lang)
    if not text:
        out.append(Paragraph(gl.para(t(lang, "statement_none")), s.muted))
    for block in _paragraphs(text):
        out.append(Paragraph(gl.para(block), s.body))
    amount, claimed, share = claim_amount(case, lang)
    share = ("，" if lang == "zh" else "; ") + share if share else ""
    # Without case.toml the claim is a default nobody chose: not printed.
    out += (
        []
        if not case.has_file
        else [
            Paragraph(gl.para(t(lang, "what_claimed")), s.h2),
            Paragraph(
                gl.para(
                    t(
                        lang,
                        "claim_part" if claimed else "claim_line",
                        claim=label(lang, "claim", case.claim),
                        refund=label(lang, "refund_type", case.refund_type),
                        amount=amount,
                        claimed=claimed,
                        share=share,
                    )
                ),
                s.body,
            ),
        ]
    )
    zh = lang == "zh"
    if spec.deadlines:
        out.append(
            Paragraph(
                gl.para("相关期限（平台规则）" if zh else "Deadlines (platform rules)"),
                s.h2,
            )
        )
        out += [Paragraph(gl.para("• " + line), s.body) for line in spec.deadlines]
    if spec.letter.strip():
        out.append(Paragraph(gl.para("致卖家函" if zh else "Message to the seller"), s.h2))
        out += [Paragraph(gl.para(block), s.body) for block in _paragraphs(spec.letter)]
    return out


MAX_BLOCK = 1_500
"""Longest paragraph handed to reportlab: it re-breaks the rest of a paragraph at every page
it splits (a 400 KB one-paragraph statement took 43 s, issue 19), so longer ones are laid out
as several, cut after a sentence."""
_SENTENCE = re.compile(r"[^。！？；!?;.\n]*(?:[。！？；!?;.]+[ \t]*\n?|\n|$)")
"""A sentence or a line, with its end (the pieces concatenate back to the text)."""


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single newlines are kept as line breaks; a paragraph
    longer than ``MAX_BLOCK`` characters is cut into pieces (``_pieces``)."""
    return [piece for block in _blocks(text) for piece in _pieces(block)]


def _pieces(block: str) -> list[str]:
    """``block`` in pieces of at most ``MAX_BLOCK`` characters, each ending after a sentence
    (or a line) where there is one, else cut where the limit falls."""
    out: list[str] = []
    cur = ""
    for sentence in _SENTENCE.findall(block):
        while len(sentence) > MAX_BLOCK:
            if cur:
                out.append(cur)
                cur = ""
            out.append(sentence[:MAX_BLOCK])
            sentence = sentence[MAX_BLOCK:]
        if len(cur) + len(sentence) > MAX_BLOCK:
            out.append(cur)
            cur = ""
        cur += sentence
    if cur.strip():
        out.append(cur)
    return [p.strip() for p in out if p.strip()]


def _blocks(text: str) -> list[str]:
    blocks, cur = [], []
    for line in text.splitlines():
        if line.strip():
            cur.append(line.strip())
        elif cur:
            blocks.append("\n".join(cur))
            cur = []
    if cur:
        blocks.append("\n".join(cur))
    return blocks
