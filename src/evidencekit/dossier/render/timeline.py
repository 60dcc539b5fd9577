"""3. Timeline: order events and exhibit capture times, drawn on one chronological spine.

Two drawings: an overview strip with a true time scale (so gaps are visible), and a spine
with one node per entry (so every entry is readable). Exhibit nodes are squares coloured by
the confidence of their time source; events are dots.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from reportlab.platypus import Flowable, PageBreak, Spacer

from evidencekit.dossier import pagegeom as g
from evidencekit.dossier.render import styles as st
from evidencekit.dossier.render.facts import capture_fact
from evidencekit.dossier.render.i18n import label, t
from evidencekit.dossier.render.model import DossierSpec, Exhibit, Layout
from evidencekit.dossier.render.styles import Paragraph, Styles
from evidencekit.dossier.render.template import Anchor
from evidencekit.dossier.render.text import FONT, Glyphs, string_width
from evidencekit.models import Event
from evidencekit.rules import kinds

TIME_COL = 112.0
SPINE_X = TIME_COL + 10


@dataclass(frozen=True)
class Entry:
    utc: datetime
    local: datetime
    offset: int | None
    event: Event | None = None
    exhibit: Exhibit | None = None
    day: bool = False
    """A date-only capture: placed at the end of its day, shown as the date alone."""

    def stamp(self, lang: str = "zh") -> str:
        if self.day:
            return self.local.strftime("%Y-%m-%d") + (" 仅日期" if lang == "zh" else " date only")
        return self.local.strftime("%Y-%m-%d %H:%M")


def _tz(offset: int | None) -> str:
    if offset is None:
        return ""
    sign = "+" if offset >= 0 else "-"
    return f"UTC{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"


def entries(spec: DossierSpec) -> tuple[list[Entry], list[Exhibit]]:
    """Timed entries in order, and exhibits without a capture time."""
    case = spec.result.case
    default_off = case.events[0].offset_minutes if case.events else 480
    out = [Entry(e.utc, e.at_local, e.offset_minutes, event=e) for e in case.events]
    untimed = []
    for ex in spec.exhibits:
        cap = ex.item.capture
        if cap.local is None:
            untimed.append(ex)
            continue
        off = cap.offset_minutes
        utc = cap.utc or (cap.local - timedelta(minutes=default_off)).replace(tzinfo=UTC)
        if cap.date_only:  # after that day's events: a date is never 'before' one of them
            utc += timedelta(days=1) - timedelta(seconds=1)
        out.append(Entry(utc, cap.local, off, exhibit=ex, day=cap.date_only))
    out.sort(key=lambda e: (e.utc, e.exhibit is not None, e.exhibit.number if e.exhibit else ""))
    return out, untimed


MARK = 6.0
"""Side of an exhibit mark (and diameter of an event dot) on the overview strip."""
COUNT_W = 12.0
"""Room to the right of a mark for its count ("×3", 6 pt)."""
MARK_GAP = 2.0


@dataclass(frozen=True)
class Mark:
    x: float
    """Centre of the drawn mark."""
    members: tuple[int, ...]
    """Indexes (into the positions given) of the entries it stands for."""


def cluster(
    xs: list[float], least: float = MARK + MARK_GAP, counted: float = COUNT_W
) -> list[Mark]:
    """Marks for entries at the sorted positions ``xs``: entries that would be drawn within
    ``least`` of each other (the same day on a week-long strip) share one mark, drawn at the
    first one's position and labelled with their count. Every mark starts at least ``least``
    (``least + counted`` after a counted one) after the previous one, so no two marks, nor a
    mark and a count, overlap."""
    out: list[Mark] = []
    for i, x in enumerate(xs):
        if out:
            last = out[-1]
            room = least + (counted if len(last.members) > 1 else 0)
            if x - last.x < least or (len(last.members) > 1 and x - last.x < room):
                out[-1] = Mark(last.x, (*last.members, i))
                continue
        out.append(Mark(x, (i,)))
    # A mark that became counted may now crowd the next one: merge until nothing is crowded.
    merged: list[Mark] = []
    for m in out:
        if merged:
            last = merged[-1]
            room = least + (counted if len(last.members) > 1 else 0)
            if m.x - last.x < room:
                merged[-1] = Mark(last.x, last.members + m.members)
                continue
        merged.append(m)
    return merged


def tick_labels(t0: datetime, t1: datetime) -> list[tuple[datetime, str]]:
    """Day ticks of the overview (every day, week or 30 days) and their labels ("" = tick
    only, about ten labelled). Across a new year the labels carry the year: the first
    labelled tick and the first of each later year read "2025-12-30", the others "12-31"."""
    span = max((t1 - t0).total_seconds(), 3600.0)
    days = span / 86400
    step = 1 if days <= 31 else 7 if days <= 200 else 30
    every = max(1, round(days / step / 10))
    years = t0.year != t1.year
    d = t0.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    out: list[tuple[datetime, str]] = []
    year = None
    n = 0
    while d < t1:
        text = ""
        if n % every == 0:
            text = d.strftime("%Y-%m-%d" if years and d.year != year else "%m-%d")
            year = d.year
        out.append((d, text))
        d += timedelta(days=step)
        n += 1
    return out


class Overview(Flowable):
    """True-scale strip: first to last entry, ticks per day (or per week on long spans)."""

    def __init__(self, items: list[Entry], gl: Glyphs, lang: str) -> None:
        super().__init__()
        self.items, self.gl, self.lang = items, gl, lang

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, 66

    def draw(self) -> None:
        c, items = self.canv, self.items
        x0, x1, y = 8.0, self.width - 8.0, 30.0
        t0, t1 = items[0].utc, items[-1].utc
        span = max((t1 - t0).total_seconds(), 3600.0)

        def xpos(u: datetime) -> float:
            return x0 + (x1 - x0) * (u - t0).total_seconds() / span

        c.saveState()
        c.setStrokeColor(st.MUTED)
        c.setLineWidth(1)
        c.line(x0, y, x1, y)
        c.setFont(FONT, 7)
        c.setFillColor(st.MUTED)
        for d, text in tick_labels(t0, t1):
            x = xpos(d)
            c.line(x, y - 3, x, y + 3)
            if text:
                c.drawCentredString(x, y - 12, text)
        events = [e for e in items if e.event]
        for m in cluster([xpos(e.utc) for e in events]):
            c.setFillColor(st.INK)
            c.circle(m.x, y + 9, MARK / 2 + 0.2, stroke=0, fill=1)
            self._count(m, y + 9)
        shots = [e for e in items if e.exhibit]
        rank = {"high": 0, "medium": 1, "low": 2, "none": 3}
        for m in cluster([xpos(e.utc) for e in shots]):
            # one mark for several: the colour of the least certain time among them
            confs = [shots[i].exhibit.item.capture.confidence.value for i in m.members]  # type: ignore[union-attr]
            conf = max(confs, key=lambda v: rank.get(v, 3))
            c.setFillColor(st.CONFIDENCE.get(conf, st.MUTED))
            c.rect(m.x - MARK / 2, y - 25, MARK, MARK, stroke=0, fill=1)
            self._count(m, y - 22)
        c.setFillColor(st.INK)
        c.setFont(FONT, 8)
        c.drawString(x0, y + 20, self.gl.safe(items[0].stamp(self.lang)))
        c.drawRightString(x1, y + 20, self.gl.safe(items[-1].stamp(self.lang)))
        c.restoreState()

    def _count(self, m: Mark, cy: float) -> None:
        if len(m.members) > 1:
            self.canv.setFillColor(st.INK)
            self.canv.setFont(FONT, 6)
            self.canv.drawString(m.x + MARK / 2 + 1, cy - 2, self.gl.safe(f"×{len(m.members)}"))


class Node(Flowable):
    """One entry on the spine: time on the left, marker on the line, text on the right."""

    def __init__(
        self,
        entry: Entry,
        para: Paragraph,
        gap: str,
        gl: Glyphs,
        compact: bool = False,
        lang: str = "zh",
    ) -> None:
        super().__init__()
        self.entry, self.para, self.gap, self.gl = entry, para, gap, gl
        self.compact, self.lang = compact, lang
        """One line per entry (time and zone on one line; compact layout)."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        _, ph = self.para.wrap(aw - SPINE_X - 14, ah)
        self.ph = ph
        least, pad = (13.0, 2) if self.compact else (26.0, 6)
        self.height = max(ph, least) + (12 if self.gap else 0) + pad
        return aw, self.height

    def draw(self) -> None:
        c, e = self.canv, self.entry
        top = self.height
        c.saveState()
        c.setStrokeColor(st.RULE)
        c.setLineWidth(1.5)
        c.line(SPINE_X, 0, SPINE_X, top)
        if self.gap:
            c.setFillColor(st.MUTED)
            c.setFont(FONT, 8)
            c.drawString(SPINE_X + 8, top - 9, self.gl.safe(self.gap))
            top -= 12
        row_top = top - (1 if self.compact else 3)
        c.setFillColor(st.MUTED)
        c.setFont(FONT, 7)
        tz = _tz(e.offset) or "UTC?"
        if self.compact:
            c.drawRightString(TIME_COL, row_top - 10, tz)
            x = TIME_COL - string_width(tz, 7) - 3
        else:
            c.drawRightString(TIME_COL, row_top - 21, tz)
            x = TIME_COL
        c.setFillColor(st.INK)
        size = 8.5 if self.compact else 10
        c.setFont(FONT, size)
        c.drawRightString(x, row_top - 10, self.gl.safe(e.stamp(self.lang)))
        mark = 3.5 if self.compact else 5
        if e.event:
            c.setFillColor(st.INK)
            c.circle(SPINE_X, row_top - 7, mark - 0.5, stroke=0, fill=1)
        elif e.exhibit:
            conf = e.exhibit.item.capture.confidence.value
            c.setFillColor(st.CONFIDENCE.get(conf, st.MUTED))
            c.setStrokeColor(st.INK)
            c.setLineWidth(0.6)
            c.rect(SPINE_X - mark, row_top - 7 - mark, 2 * mark, 2 * mark, stroke=1, fill=1)
        self.para.drawOn(c, SPINE_X + 14, row_top - self.ph)
        c.restoreState()


def _gap(prev: Entry | None, cur: Entry, lang: str) -> str:
    if prev is None:
        return ""
    secs = (cur.utc - prev.utc).total_seconds()
    if secs < 86400:
        return ""
    days = secs / 86400
    return f"+{days:.1f}天" if lang == "zh" else f"+ {days:.1f} days"


def _text(e: Entry, spec: DossierSpec, gl: Glyphs) -> str:
    lang = spec.lang
    if e.event:
        ev = e.event
        head = f"<b>{gl.para(label(lang, 'event', ev.kind))}</b>"
        sent = kinds.carrier_text(ev.carrier, ev.tracking, lang)
        head += gl.para(f"（{sent}）" if lang == "zh" else f" ({sent})") if sent else ""
        note = ev.note_in(lang).strip()
        return head + (f"  {gl.para(note)}" if note else "")
    assert e.exhibit is not None
    ex = e.exhibit
    caption = ex.item.caption or ex.item.path
    note = capture_fact(ex.item, lang, spec.result.case.timezone)[1]  # how the time is known
    br = " · " if spec.layout == "compact" else "<br/>"
    return (
        f'<a href="#{ex.dest}" color="#0b4f9c"><b>{ex.number}</b></a> '
        f"{gl.para(caption)}{br}<font color='#555555'>{gl.para(note)}</font>"
    )


def timeline(spec: DossierSpec, layout: Layout, s: Styles, gl: Glyphs) -> list[Flowable]:
    lang = spec.lang
    timed, untimed = entries(spec)
    out: list[Flowable] = [
        PageBreak(),
        Anchor("timeline", t(lang, "s_timeline"), 0, layout),
        Paragraph(gl.para(t(lang, "s_timeline")), s.h1),
        Paragraph(gl.para(t(lang, "tl_intro")), s.muted),
        Spacer(1, 6),
    ]
    if not timed:
        out.append(Paragraph(gl.para(t(lang, "tl_none")), s.body))
    else:
        out += [Overview(timed, gl, lang), Spacer(1, 8)]
        prev = None
        for e in timed:
            compact = spec.layout == "compact"
            para = Paragraph(_text(e, spec, gl), s.cell if compact else s.small)
            out.append(Node(e, para, _gap(prev, e, lang), gl, compact, lang))
            prev = e
    if untimed:
        out.append(Paragraph(gl.para(t(lang, "tl_untimed")), s.h2))
        for ex in untimed:
            cap = ex.item.caption or ex.item.path
            out.append(
                Paragraph(
                    f'<a href="#{ex.dest}" color="#0b4f9c"><b>{ex.number}</b></a> {gl.para(cap)}',
                    s.small,
                )
            )
    assert g.FRAME_W > SPINE_X
    return out
