"""Fit a dossier to a submission profile's limits (``build --profile``).

Only the *representation* of exhibits changes, never the set of exhibits:

1. The page layout is the profile's (``layout``): page-limited channels use the compact one
   (photos in grids, each screenshot in columns on one page), so the page count does not
   depend on image settings.
2. A ladder of image settings, from "as the standard dossier" down to a floor. Photos give
   way first (lower dpi at printed size, lower JPEG quality); chat and listing screenshots
   keep more resolution and never go below ``SCREEN_FLOOR_DPI`` or JPEG quality
   ``SCREEN_FLOOR_QUALITY`` (text must stay readable), and stay lossless while that fits.
3. The exhibits are cut, in order, into volumes, each grown greedily to the largest number
   of exhibits whose pages and bytes meet the per-file limits (each volume a complete
   dossier: cover "volume 1 of 3", its own index, audit, appendix and manifest). Greedy
   growth gives the fewest volumes. The floor decides that number; then the best ladder
   step that keeps it (and the per-submission limits) is chosen: fewest files first, then
   the best image quality.
4. When even the floor does not fit, the build stops with an OutputError saying by how much
   and what to remove; nothing is written. No file over a limit is ever produced: every
   volume is measured after post-processing, not estimated.

Cost: a volume's pages and its bytes other than images are measured once per set of
exhibits by a trial render and reused for every ladder step (a step changes only the image
streams, whose sizes are known exactly); each volume is then rendered once more, with its
final volume label.

Everything is deterministic: the ladder is fixed, the cut points follow from measured sizes.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from evidencekit.dossier.assembly import (
    SCREEN_CATEGORIES,
    Assembled,
    BuildContext,
    assemble,
    exhibits_of,
    is_screen,
)
from evidencekit.dossier.imaging import Fit, PreparedImage
from evidencekit.dossier.prepare import prepare_all
from evidencekit.dossier.selection import exhibit_order
from evidencekit.errors import OutputError
from evidencekit.models import EvidenceItem
from evidencekit.rules.profiles import Profile, mb

__all__ = ["SCREEN_CATEGORIES", "fit_for", "fit_volumes", "is_screen"]

SCREEN_FLOOR_DPI = 150
"""Screenshots keep at least this resolution at their printed size: a compact-layout
screenshot column prints about 80 mm wide (a split one in the standard layout 130 mm), so
150 dpi keeps ~470 (~770) of a phone's 1080 px, and 12 px phone text stays 5 (9) px tall
or more at the printed size, still readable on screen and on paper."""
SCREEN_FLOOR_QUALITY = 80
MANIFEST_SLACK = 4096
"""Bytes the final render may differ from a trial render (volume label, page numbers)."""
FRONT_PAGES_PER_EXHIBIT = 0.2
"""Growth of index, timeline and appendix per exhibit, before two trials have measured it:
only used to guess how many exhibits the next trial should hold."""


@dataclass(frozen=True)
class Step:
    photo_dpi: float | None
    photo_quality: int
    screen_dpi: float | None
    screen_quality: int
    screen_lossless: bool
    passthrough: bool


LADDER = (
    Step(None, 90, 300, 90, True, True),
    Step(300, 85, 300, 90, True, False),
    Step(220, 80, 300, 90, False, False),
    Step(150, 75, 220, 88, False, False),
    Step(120, 70, 200, 85, False, False),
    Step(96, 60, 170, 85, False, False),
    Step(72, 50, SCREEN_FLOOR_DPI, SCREEN_FLOOR_QUALITY, False, False),
)


def _cap(dpi: float | None, profile: Profile) -> float | None:
    if profile.max_dpi is None:
        return dpi
    return min(dpi or profile.max_dpi, profile.max_dpi)


def fit_for(step: Step, profile: Profile, it: EvidenceItem) -> Fit:
    max_px = int(profile.max_megapixels * 1_000_000) if profile.max_megapixels else None
    screen = is_screen(it)
    strip = profile.layout == "compact" and screen
    if screen:
        return Fit(
            _cap(step.screen_dpi, profile),
            step.screen_quality,
            passthrough=step.passthrough and profile.passthrough,
            lossless=step.screen_lossless,
            max_pixels=max_px,
            layout=profile.layout,
            strip=strip,
        )
    return Fit(
        _cap(step.photo_dpi, profile),
        step.photo_quality,
        passthrough=step.passthrough and profile.passthrough,
        max_pixels=max_px,
        layout=profile.layout,
        strip=strip,
    )


Plan = list[tuple[list[EvidenceItem], dict[str, PreparedImage], Assembled]]
Images = dict[str, PreparedImage]


def fit_volumes(ctx: BuildContext) -> Plan:
    """The fewest volumes that meet every limit, at the best ladder step that keeps that
    number (OutputError when even the floor cannot)."""
    profile = ctx.profile
    items = exhibit_order(ctx.result.items, ctx.result.case)
    cache: dict[tuple[str, Fit], PreparedImage] = {}
    sizer = _Sizer(ctx)

    def images_at(step: Step) -> Images:
        def fit_of(it: EvidenceItem) -> Fit:
            return fit_for(step, profile, it)

        todo = [it for it in items if (it.path, fit_of(it)) not in cache]
        by_path = {it.path: it for it in items}
        for path, im in prepare_all(ctx, todo, fit_of).items():
            cache[(path, fit_of(by_path[path]))] = im
        return {it.path: cache[(it.path, fit_of(it))] for it in ctx.chosen}

    def attempt(step: Step, most: int | None) -> list[list[EvidenceItem]] | str:
        images = images_at(step)
        streams = _streams(ctx.chosen, images)
        if profile.max_total_bytes and streams > profile.max_total_bytes:
            return f"the images alone take {mb(streams)}"
        try:
            groups = _cut(ctx, sizer, images, most)
        except _NoFit as e:
            return str(e)
        total = sum(sizer.predict(g, images, n) for n, g in enumerate(groups, 1))
        if profile.max_total_bytes and total > profile.max_total_bytes:
            return f"together about {mb(total)} (limit {mb(profile.max_total_bytes)})"
        return groups

    # Pages do not depend on the step: the fewest volumes the pages allow, from trial renders
    # with the best step's images (needed anyway). When the best step meets every limit with
    # that many volumes, it is the answer: one preparation of the images.
    top = LADDER[0]
    try:
        fewest = len(_cut(ctx, sizer, images_at(top), None, pages_only=True))
    except _NoFit as e:
        raise OutputError(
            f"the dossier cannot meet the {profile.key} limits ({profile.limits_text()}): {e}",
            _what_to_remove(ctx, profile),
        ) from None
    found: dict[int, list[list[EvidenceItem]]] = {}
    best = attempt(top, fewest)
    if isinstance(best, str):
        floor = attempt(LADDER[-1], fewest)
        if isinstance(floor, str):
            floor = attempt(LADDER[-1], None)
        if isinstance(floor, str):
            raise OutputError(
                f"the dossier cannot meet the {profile.key} limits ({profile.limits_text()}) "
                f"even at the lowest image quality: {floor}",
                _what_to_remove(ctx, profile),
            )
        lo = 1 if len(floor) == fewest else 0  # the best step failed with this many
        fewest = len(floor)
        found[len(LADDER) - 1] = floor
        hi = len(LADDER) - 1  # binary search: output size falls as the step lowers
        while lo < hi:
            mid = (lo + hi) // 2
            got = attempt(LADDER[mid], fewest)
            if isinstance(got, str):
                lo = mid + 1
            else:
                found[mid], hi = got, mid
    else:
        found[0], lo = best, 0
    last = ""
    for i in range(lo, len(LADDER)):  # the measured final volumes decide
        groups = found.get(i) or attempt(LADDER[i], fewest)
        if isinstance(groups, str):
            continue
        plan = _final(ctx, groups, images_at(LADDER[i]))
        last = _check(profile, [a for _, _, a in plan])
        if not last:
            return plan
    raise OutputError(  # pragma: no cover - the trial measures make this unreachable
        f"the dossier cannot meet the {profile.key} limits: {last}",
        _what_to_remove(ctx, profile),
    )


class _NoFit(Exception):
    pass


def _streams(group: list[EvidenceItem], images: Images) -> int:
    """Bytes of the image streams a volume holding ``group`` embeds (each image once)."""
    seen = {images[it.path].sha256: len(images[it.path].stream) for it in group}
    return sum(seen.values())


class _Sizer:
    """One-pass trial renders of a volume, remembered per set of exhibits: its pages and its
    bytes other than image streams, both independent of the ladder step. From the latest
    trial it also guesses how many exhibits the next one should hold."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx
        self.memo: dict[tuple[bool, tuple[str, ...]], tuple[Assembled, int]] = {}
        self.points: list[tuple[int, int, int, int]] = []
        """(exhibits, exhibit pages, other pages, bytes other than images) per trial."""
        self.renders = 0

    def volume(self, n: int) -> tuple[int, int, list[str]] | None:
        # (n, n + 1) as a stand-in: the cover's volume row has the same size either way
        return None if self.ctx.profile.max_files == 1 else (n, n + 1, [])

    def exhibit_pages(self, group: list[EvidenceItem], images: Images) -> int | None:
        """Exact for the compact layout (no render needed); None for the standard one."""
        if self.ctx.profile.layout != "compact":
            return None
        from evidencekit.dossier.render.compact import page_count

        return page_count(exhibits_of(self.ctx, group, images))

    def measure(self, group: list[EvidenceItem], images: Images, n: int) -> tuple[Assembled, int]:
        key = (n == 1, tuple(it.path for it in group))
        if key not in self.memo:
            asm = assemble(self.ctx, group, images, self.volume(n))
            self.renders += 1
            other = len(asm.pdf) - _streams(group, images)
            self.memo[key] = (asm, other)
            ex = self.exhibit_pages(group, images)
            if ex is None:  # exhibits run from their section to the audit section
                ex = asm.dest_page.get("audit", asm.pages) - asm.dest_page.get("exhibits", 1)
            self.points.append((len(group), ex, asm.pages - ex, other))
        return self.memo[key]

    def predict(self, group: list[EvidenceItem], images: Images, n: int) -> int:
        return self.measure(group, images, n)[1] + _streams(group, images)

    def guess(
        self, profile: Profile, rest: list[EvidenceItem], images: Images, lo: int, hi: int
    ) -> int:
        """The largest k in (lo, hi) the latest trial predicts to fit (lo + 1 at least)."""
        k0, ex0, other_pages, other_bytes = self.points[-1]
        k_slope = [p for p in self.points if p[0] != k0]
        if k_slope:  # per-exhibit growth of index, timeline and appendix, from two trials
            k1, _, p1, b1 = k_slope[-1]
            page_rate = max(0.0, (other_pages - p1) / (k0 - k1))
            byte_rate = max(0.0, (other_bytes - b1) / (k0 - k1))
        else:
            page_rate, byte_rate = FRONT_PAGES_PER_EXHIBIT, other_bytes / k0
        best = lo + 1
        for k in range(lo + 1, hi):
            if profile.max_pages:
                ex = self.exhibit_pages(rest[:k], images)
                ex = math.ceil(ex0 / k0 * k) if ex is None else ex
                if ex + other_pages + page_rate * (k - k0) > profile.max_pages + 0.3:
                    break
            if profile.max_bytes:
                size = other_bytes + byte_rate * (k - k0) + _streams(rest[:k], images)
                if size + MANIFEST_SLACK > profile.max_bytes:
                    break
            best = k
        return best


def _cut(
    ctx: BuildContext, sizer: _Sizer, images: Images, most: int | None, pages_only: bool = False
) -> list[list[EvidenceItem]]:
    """Greedy, in exhibit order: each volume takes as many exhibits as its limits allow
    (only its page limit with ``pages_only``)."""
    profile = ctx.profile
    if pages_only:
        profile = dataclasses.replace(profile, max_bytes=None)
    most = min(x for x in (most, profile.max_files, 1 << 30) if x is not None)
    groups: list[list[EvidenceItem]] = []
    rest = list(ctx.chosen)
    while rest:
        if len(groups) >= most:
            raise _NoFit(f"more than {most} file{'s' if most > 1 else ''} would be needed")
        k = _grow(ctx, profile, sizer, images, rest, len(groups) + 1, len(groups) + 1 == most)
        groups.append(rest[:k])
        rest = rest[k:]
    return groups


def _fits(profile: Profile, pages: int, size: int) -> bool:
    if profile.max_pages and pages > profile.max_pages:
        return False
    return not (profile.max_bytes and size + MANIFEST_SLACK > profile.max_bytes)


def _grow(
    ctx: BuildContext,
    profile: Profile,
    sizer: _Sizer,
    images: Images,
    rest: list[EvidenceItem],
    n: int,
    last: bool = False,
) -> int:
    """The largest k such that a volume of ``rest[:k]`` meets the per-file limits.

    A bracket search (pages and bytes grow with k) whose probes come from the latest trial
    (exact exhibit pages of the compact layout, measured front/back matter and bytes), so a
    volume usually takes two trial renders: the guess, and one more exhibit.
    """
    lo, hi = 0, len(rest) + 1  # rest[:lo] fits; rest[:hi] does not
    k = sizer.guess(profile, rest, images, lo, hi) if sizer.points else len(rest)
    if last:  # the last volume allowed: everything left, or nothing
        k, lo = len(rest), len(rest) - 1
    while hi - lo > 1:
        k = max(lo + 1, min(hi - 1, k))
        asm, other = sizer.measure(rest[:k], images, n)
        if _fits(profile, asm.pages, other + _streams(rest[:k], images)):
            lo = k
            k = max(k + 1, sizer.guess(profile, rest, images, lo, hi))
        else:
            hi = k
            k = min(k - 1, sizer.guess(profile, rest, images, lo, hi))
    if last and lo < len(rest):
        raise _NoFit(f"more than {n} file{'s' if n > 1 else ''} would be needed")
    if lo == 0:
        asm, other = sizer.measure(rest[:1], images, n)
        raise _NoFit(
            f"a volume with only {ctx.numbers[rest[0].path]} has {asm.pages} pages "
            f"and {mb(other + _streams(rest[:1], images))}"
        )
    return lo


def _final(ctx: BuildContext, groups: list[list[EvidenceItem]], images: Images) -> Plan:
    of = len(groups)
    plan: Plan = []
    for n, group in enumerate(groups, 1):
        if of == 1:
            vol = None
        else:
            mine = {it.path for it in group}
            others = [it.path for g in groups for it in g if it.path not in mine]
            vol = (n, of, others)
        plan.append((group, images, assemble(ctx, group, images, vol)))
    return plan


def _check(profile: Profile, vols: list[Assembled]) -> str:
    """ "" when every limit is met, else what is over."""
    for n, asm in enumerate(vols, 1):
        if profile.max_pages and asm.pages > profile.max_pages:
            return f"volume {n} has {asm.pages} pages (limit {profile.max_pages})"
        if profile.max_bytes and len(asm.pdf) > profile.max_bytes:
            return f"volume {n} is {mb(len(asm.pdf))} (limit {mb(profile.max_bytes)})"
    total = sum(len(a.pdf) for a in vols)
    if profile.max_total_bytes and total > profile.max_total_bytes:
        return f"together {mb(total)} (limit {mb(profile.max_total_bytes)})"
    if profile.max_files and len(vols) > profile.max_files:
        return f"{len(vols)} files (limit {profile.max_files})"
    return ""


def _what_to_remove(ctx: BuildContext, profile: Profile) -> str:
    from evidencekit.dossier import pagegeom

    n = len(ctx.chosen)
    compact = profile.layout == "compact"

    def long(it: EvidenceItem) -> bool:
        w, h = it.meta.width or 1, it.meta.height or 0
        return pagegeom.strip(w, h).pages > 1 if compact else h > 2.5 * w

    long_ones = [ctx.numbers[it.path] for it in ctx.chosen if is_screen(it) and long(it)]
    hint = (
        f"exclude exhibits in case.toml ([[file]] exclude = true) until it fits: {n} exhibits "
        f"now; a {profile.key} submission holds roughly "
    )
    if profile.max_pages:
        files = profile.max_files or 1
        hint += f"{max(1, (profile.max_pages - 8) * files)} exhibit pages"
        if compact:
            hint += " (six photos or one screenshot a page)"
    else:
        hint += "what fits the size limit"
    if long_ones:
        hint += (
            f"; long screenshots take several pages each ({', '.join(long_ones[:6])}"
            f"{'…' if len(long_ones) > 6 else ''}): crop them to the messages that matter"
        )
    return hint + ", or use the standard profile"
