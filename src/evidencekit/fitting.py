"""Fit a dossier to a submission profile's limits (``build --profile``).

Only the *representation* of exhibits changes, never the set of exhibits:

1. A ladder of image settings, from "as the standard dossier" down to a floor. Photos give
   way first (lower dpi at printed size, lower JPEG quality); chat and listing screenshots
   keep more resolution and never go below ``SCREEN_FLOOR_DPI`` or JPEG quality
   ``SCREEN_FLOOR_QUALITY`` (text must stay readable), and stay lossless while that fits.
2. At each step the exhibits are cut, in order, into the fewest volumes whose pages and bytes
   meet the per-file limits (each volume a complete dossier: cover "volume 1 of 3", its own
   index, audit, appendix and manifest). The step is accepted when the volume count and the
   combined size meet the per-submission limits too.
3. When even the floor does not fit, the build stops with an OutputError saying by how much
   and what to remove; nothing is written. No file over a limit is ever produced: every
   volume is measured after post-processing, not estimated.

Everything is deterministic: the ladder is fixed, the cut points follow from measured sizes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from evidencekit.build import Assembled, BuildContext, assemble, exhibit_order, prepare_all
from evidencekit.errors import OutputError
from evidencekit.imaging import Fit, PreparedImage
from evidencekit.models import Category, EvidenceItem
from evidencekit.profiles import Profile, mb

SCREEN_CATEGORIES = (Category.CHAT, Category.LISTING)
SCREEN_FLOOR_DPI = 150
"""Screenshots keep at least this resolution at their printed size: a split screenshot
prints 130 mm wide, so 150 dpi keeps ~770 of a phone's 1080 px, and 12 px phone text stays
about 9 px tall, still readable on screen and on paper."""
SCREEN_FLOOR_QUALITY = 80
MANIFEST_SLACK = 4096
"""Bytes the final render may differ from a trial render (volume label, page numbers)."""


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


def is_screen(it: EvidenceItem) -> bool:
    return it.source.category in SCREEN_CATEGORIES or it.source.media_type == "image/png"


def _cap(dpi: float | None, profile: Profile) -> float | None:
    if profile.max_dpi is None:
        return dpi
    return min(dpi or profile.max_dpi, profile.max_dpi)


def fit_for(step: Step, profile: Profile, it: EvidenceItem) -> Fit:
    max_px = int(profile.max_megapixels * 1_000_000) if profile.max_megapixels else None
    if is_screen(it):
        return Fit(
            _cap(step.screen_dpi, profile),
            step.screen_quality,
            passthrough=step.passthrough and profile.passthrough,
            lossless=step.screen_lossless,
            max_pixels=max_px,
        )
    return Fit(
        _cap(step.photo_dpi, profile),
        step.photo_quality,
        passthrough=step.passthrough and profile.passthrough,
        max_pixels=max_px,
    )


Plan = list[tuple[list[EvidenceItem], dict[str, PreparedImage], Assembled]]


def fit_volumes(ctx: BuildContext) -> Plan:
    """The best-quality ladder step whose volumes meet every limit (OutputError if none).

    The floor is tried first (when it fails nothing can fit: stop early), then a binary
    search over the ladder, assuming output size falls as the step lowers (it does: every
    setting of a lower step is lower or equal).
    """
    profile = ctx.profile
    items = exhibit_order(ctx.result.items)
    cache: dict[tuple[str, Fit], PreparedImage] = {}

    def attempt(step: Step) -> Plan | str:
        def fit_of(it: EvidenceItem) -> Fit:
            return fit_for(step, profile, it)

        todo = [it for it in items if (it.path, fit_of(it)) not in cache]
        for path, im in prepare_all(ctx, todo, fit_of).items():
            cache[(path, fit_of(next(i for i in items if i.path == path)))] = im
        images = {it.path: cache[(it.path, fit_of(it))] for it in ctx.chosen}
        streams = sum(len(im.stream) for im in images.values())
        if profile.max_total_bytes and streams > profile.max_total_bytes:
            return f"the images alone take {mb(streams)}"
        try:
            groups = _cut(ctx, ctx.chosen, images)
        except _NoFit as e:
            return str(e)
        plan = _final(ctx, groups, images)
        return _check(profile, [a for _, _, a in plan]) or plan

    floor = attempt(LADDER[-1])
    if isinstance(floor, str):
        raise OutputError(
            f"the dossier cannot meet the {profile.key} limits ({profile.limits_text()}) even "
            f"at the lowest image quality: {floor}",
            _what_to_remove(ctx, profile),
        )
    best, lo, hi = floor, 0, len(LADDER) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        got = attempt(LADDER[mid])
        if isinstance(got, str):
            lo = mid + 1
        else:
            best, hi = got, mid
    return best


class _NoFit(Exception):
    pass


def _fits_file(profile: Profile, asm: Assembled, slack: int = 0) -> bool:
    if profile.max_pages and asm.pages > profile.max_pages:
        return False
    return not (profile.max_bytes and len(asm.pdf) + slack > profile.max_bytes)


def _cut(
    ctx: BuildContext, chosen: list[EvidenceItem], images: dict[str, PreparedImage]
) -> list[list[EvidenceItem]]:
    """Greedy, in exhibit order: each volume takes as many exhibits as its limits allow."""
    profile = ctx.profile
    groups: list[list[EvidenceItem]] = []
    rest = list(chosen)
    while rest:
        if profile.max_files and len(groups) >= profile.max_files:
            raise _NoFit(f"more than {profile.max_files} files would be needed")
        k = _byte_guess(profile, rest, images)
        if groups and profile.max_pages:
            k = min(k, 2 * len(groups[-1]) + 2)  # render a little more than the last volume
        while True:
            # (1, 2) as a stand-in: the cover's volume row has the same size either way
            asm = assemble(ctx, rest[:k], images, (len(groups) + 1, len(groups) + 2, []))
            if _fits_file(profile, asm, MANIFEST_SLACK):
                break
            shrink = _shrink(profile, asm, rest[:k], ctx.numbers)
            if shrink <= 0:
                reason = (
                    f"a volume with only {ctx.numbers[rest[0].path]} has {asm.pages} pages "
                    f"and {mb(len(asm.pdf))}"
                )
                raise _NoFit(reason)
            k = shrink
        groups.append(rest[:k])
        rest = rest[k:]
    return groups


def _byte_guess(
    profile: Profile, rest: list[EvidenceItem], images: dict[str, PreparedImage]
) -> int:
    """How many of ``rest`` could fit the per-file byte limit, from the image sizes alone."""
    if not profile.max_bytes:
        return len(rest)
    budget = profile.max_bytes * 0.95
    total = 0
    for k, it in enumerate(rest):
        total += len(images[it.path].stream)
        if total > budget:
            return max(1, k)
    return len(rest)


def _shrink(
    profile: Profile, asm: Assembled, group: list[EvidenceItem], numbers: dict[str, str]
) -> int:
    """A smaller exhibit count for a volume that did not fit; 0 when one exhibit is too many."""
    k = len(group)
    if k <= 1:
        return 0
    candidates = [k - 1]
    if profile.max_pages and asm.pages > profile.max_pages:
        # pages known from the trial render: exhibits are contiguous from the first exhibit
        # page to the audit section; front and back matter do not grow with fewer exhibits.
        starts = [asm.dest_page.get("ex-" + numbers[it.path].lower(), 0) for it in group]
        back = asm.pages - asm.dest_page.get("audit", asm.pages + 1) + 1
        room = profile.max_pages - back
        fit = sum(
            1
            for i in range(k)
            if (starts[i + 1] if i + 1 < k else asm.pages - back + 1) - 1 <= room
        )
        candidates.append(fit)
    if profile.max_bytes and len(asm.pdf) > profile.max_bytes:
        candidates.append(math.floor(k * profile.max_bytes / len(asm.pdf) * 0.97))
    return max(0, min(candidates))


def _final(
    ctx: BuildContext, groups: list[list[EvidenceItem]], images: dict[str, PreparedImage]
) -> Plan:
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
    n = len(ctx.chosen)
    long_ones = [
        ctx.numbers[it.path]
        for it in ctx.chosen
        if (it.meta.height or 0) > 2.5 * (it.meta.width or 1)
    ]
    hint = (
        f"exclude exhibits in case.toml ([[file]] exclude = true) until it fits: {n} exhibits "
        f"now; a {profile.key} submission holds roughly "
    )
    if profile.max_pages:
        files = profile.max_files or 1
        hint += f"{max(1, (profile.max_pages - 8) * files)} exhibit pages"
    else:
        hint += "what fits the size limit"
    if long_ones:
        hint += (
            f"; long screenshots take several pages each ({', '.join(long_ones[:6])}"
            f"{'…' if len(long_ones) > 6 else ''}): crop them to the messages that matter"
        )
    return hint + ", or use the standard profile"
