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

Cost: a volume's pages and its bytes other than images are measured by a trial render per
set of exhibits and per printed description of their images (``sizing.py``: the appendix
and the exhibit box say how each image was embedded, so a lower step can add a page); a
step that changes only the image streams reuses the measure. Each volume is then rendered
once more, with its final volume label, and checked: a volume still over a limit teaches
the sizer its measured size and the step is cut again (verified, not estimated).

Everything is deterministic: the ladder is fixed, the cut points follow from measured sizes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from evidencekit.dossier.assembly import (
    SCREEN_CATEGORIES,
    Assembled,
    BuildContext,
    assemble,
    is_screen,
)
from evidencekit.dossier.imaging import Fit, PreparedImage
from evidencekit.dossier.prepare import prepare_all
from evidencekit.dossier.selection import exhibit_order
from evidencekit.dossier.sizing import NoFit, Sizer, streams
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
FINAL_RETRIES = 3
"""Times a ladder step is cut again from the final volumes' measured pages and bytes when one
is over a limit (the trial renders make this rare: only the volume label and the manifest's
list of the other volumes differ)."""


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
    sizer = Sizer(ctx)

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
        alone = streams(ctx.chosen, images)
        if profile.max_total_bytes and alone > profile.max_total_bytes:
            return f"the images alone take {mb(alone)}"
        try:
            groups = _cut(ctx, sizer, images, most)
        except NoFit as e:
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
    except NoFit as e:
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
        for _ in range(FINAL_RETRIES):
            if isinstance(groups, str):
                break
            plan = _final(ctx, groups, images_at(LADDER[i]))
            last = _check(profile, [a for _, _, a in plan])
            if not last:
                return plan
            for n, (group, images, asm) in enumerate(plan, 1):
                sizer.learn(group, images, n, asm)
            groups = attempt(LADDER[i], None)  # cut again from what was measured
    raise OutputError(  # pragma: no cover - the trial measures make this unreachable
        f"the dossier cannot meet the {profile.key} limits: {last}",
        _what_to_remove(ctx, profile),
    )


def _cut(
    ctx: BuildContext, sizer: Sizer, images: Images, most: int | None, pages_only: bool = False
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
            raise NoFit(f"more than {most} file{'s' if most > 1 else ''} would be needed")
        k = _grow(ctx, profile, sizer, images, rest, len(groups) + 1, len(groups) + 1 == most)
        groups.append(rest[:k])
        rest = rest[k:]
    return groups


def _grow(
    ctx: BuildContext,
    profile: Profile,
    sizer: Sizer,
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
        if sizer.fits(profile, asm.pages, other + streams(rest[:k], images)):
            lo = k
            k = max(k + 1, sizer.guess(profile, rest, images, lo, hi))
        else:
            hi = k
            k = min(k - 1, sizer.guess(profile, rest, images, lo, hi))
    if last and lo < len(rest):
        raise NoFit(f"more than {n} file{'s' if n > 1 else ''} would be needed")
    if lo == 0:
        asm, other = sizer.measure(rest[:1], images, n)
        raise NoFit(
            f"a volume with only {ctx.numbers[rest[0].path]} has {asm.pages} pages "
            f"and {mb(other + streams(rest[:1], images))}"
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
