"""Trial renders of a dossier volume, for the fitting search (``fitting.py``).

A volume's pages and its bytes other than image streams are measured by rendering it in
memory (``assembly.assemble``). They depend on the set of exhibits *and* on what the images'
embedding says in print: the integrity appendix and the neutral exhibit box describe each
image ("converted once from JPEG to JPEG, quality 80, downscaled to 1503×1127 px" is longer
than "embedded byte for byte"), so a lower ladder step can add a page. A measure is therefore
remembered per set of exhibits and per printed description of their images, never reused
across steps whose texts differ (the amex full-size volume came out 21 pages for a limit of
20 when it was).
"""

from __future__ import annotations

import math

from evidencekit.dossier.assembly import Assembled, BuildContext, assemble, exhibits_of
from evidencekit.dossier.imaging import PreparedImage
from evidencekit.models import EvidenceItem
from evidencekit.rules.profiles import Profile

Images = dict[str, PreparedImage]

MANIFEST_SLACK = 4096
"""Bytes the final render may differ from a trial render (volume label, page numbers)."""
FRONT_PAGES_PER_EXHIBIT = 0.2
"""Growth of index, timeline and appendix per exhibit, before two trials have measured it:
only used to guess how many exhibits the next trial should hold."""


class NoFit(Exception):
    pass


def streams(group: list[EvidenceItem], images: Images) -> int:
    """Bytes of the image streams a volume holding ``group`` embeds (each image once)."""
    seen = {images[it.path].sha256: len(images[it.path].stream) for it in group}
    return sum(seen.values())


def printed(group: list[EvidenceItem], images: Images) -> tuple[str, ...]:
    """What the dossier prints about each image's embedding (transform, pixel size, the
    manifest's detail): two image sets with the same key give the same pages."""
    out = []
    for it in group:
        im = images[it.path]
        detail = sorted((k, repr(v)) for k, v in im.detail.items())
        out.append(f"{im.transform}|{im.width}x{im.height}|{detail}")
    return tuple(out)


MemoKey = tuple[bool, tuple[str, ...], tuple[str, ...]]


class Sizer:
    """Trial renders of a volume, remembered per set of exhibits and printed image texts: its
    pages and its bytes other than image streams. From the latest trial it also guesses how
    many exhibits the next one should hold."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx
        self.memo: dict[MemoKey, tuple[Assembled, int]] = {}
        self.points: list[tuple[int, int, int, int]] = []
        """(exhibits, exhibit pages, other pages, bytes other than images) per trial."""
        self.renders = 0
        self.page_slack = 0
        self.byte_slack = MANIFEST_SLACK
        """How much a final render was found to exceed its trial (pages; bytes, at least
        MANIFEST_SLACK): every later fit keeps that margin."""

    def volume(self, n: int) -> tuple[int, int, list[str]] | None:
        # (n, n + 1) as a stand-in: the cover's volume row has the same size either way
        return None if self.ctx.profile.max_files == 1 else (n, n + 1, [])

    def exhibit_pages(self, group: list[EvidenceItem], images: Images) -> int | None:
        """Exact for the compact layout (no render needed); None for the standard one."""
        if self.ctx.profile.layout != "compact":
            return None
        from evidencekit.dossier.render.compact import page_count

        return page_count(exhibits_of(self.ctx, group, images))

    @staticmethod
    def key(group: list[EvidenceItem], images: Images, n: int) -> MemoKey:
        return (n == 1, tuple(it.path for it in group), printed(group, images))

    def measure(self, group: list[EvidenceItem], images: Images, n: int) -> tuple[Assembled, int]:
        key = self.key(group, images, n)
        if key not in self.memo:
            asm = assemble(self.ctx, group, images, self.volume(n))
            self.renders += 1
            other = len(asm.pdf) - streams(group, images)
            self.memo[key] = (asm, other)
            ex = self.exhibit_pages(group, images)
            if ex is None:  # exhibits run from their section to the audit section
                ex = asm.dest_page.get("audit", asm.pages) - asm.dest_page.get("exhibits", 1)
            self.points.append((len(group), ex, asm.pages - ex, other))
        return self.memo[key]

    def learn(self, group: list[EvidenceItem], images: Images, n: int, asm: Assembled) -> None:
        """Compare a final render of volume ``n`` with its trial: what the trial missed
        becomes a margin for every later fit (the fitting verifies the final volumes and,
        when one is over a limit, cuts again)."""
        trial, other = self.measure(group, images, n)
        self.page_slack = max(self.page_slack, asm.pages - trial.pages)
        final_other = len(asm.pdf) - streams(group, images)
        self.byte_slack = max(self.byte_slack, final_other - other + MANIFEST_SLACK)

    def fits(self, profile: Profile, pages: int, size: int) -> bool:
        """A trial of ``pages`` and ``size`` bytes meets the per-file limits, with margins."""
        if profile.max_pages and pages + self.page_slack > profile.max_pages:
            return False
        return not (profile.max_bytes and size + self.byte_slack > profile.max_bytes)

    def predict(self, group: list[EvidenceItem], images: Images, n: int) -> int:
        return self.measure(group, images, n)[1] + streams(group, images)

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
                limit = profile.max_pages - self.page_slack
                if ex + other_pages + page_rate * (k - k0) > limit + 0.3:
                    break
            if profile.max_bytes:
                size = other_bytes + byte_rate * (k - k0) + streams(rest[:k], images)
                if size + self.byte_slack > profile.max_bytes:
                    break
            best = k
        return best
