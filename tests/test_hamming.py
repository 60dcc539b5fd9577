"""checks/hamming.py (SWAR Hamming distances) and the pixel checks built on it."""

from __future__ import annotations

import itertools
import random

from evidencekit.audit.checks import pixels as px_checks
from evidencekit.audit.checks.hamming import HashBank
from evidencekit.audit.pixels import PixelFacts
from evidencekit.models import Category, EvidenceItem, ExifState, ImageMeta, SourceFile

EDGES = [0, 1, 2**63, 2**64 - 1, 0x5555555555555555, 0xAAAAAAAAAAAAAAAA, 0xFF00FF00FF00FF00]


def test_counts_equal_bit_count() -> None:
    rng = random.Random(3)
    hashes = EDGES + [rng.getrandbits(64) for _ in range(500)]
    bank = HashBank(hashes)
    for q in EDGES + [rng.getrandbits(64) for _ in range(60)]:
        assert list(bank.counts(q)) == [(q ^ h).bit_count() for h in hashes]


def test_within_lists_ascending_indices_at_most_limit() -> None:
    rng = random.Random(4)
    base = rng.getrandbits(64)
    # Hashes 0..64 bits away from base, shuffled: every limit splits them differently.
    hashes = [base ^ sum(1 << b for b in rng.sample(range(64), k)) for k in range(65)]
    rng.shuffle(hashes)
    bank = HashBank(hashes)
    for limit in (0, 1, 6, 12, 63, 64):
        want = [i for i, h in enumerate(hashes) if (h ^ base).bit_count() <= limit]
        assert bank.within(base, limit) == want
    assert HashBank([]).within(base, 64) == []


def _item(path: str, category: Category, sha: str) -> EvidenceItem:
    src = SourceFile(path, 1, 0.0, "image/jpeg", category, "folder", True)
    return EvidenceItem(src, sha, ImageMeta(ExifState.NONE))


def _near_brute(items, facts):  # type: ignore[no-untyped-def]
    """The definition: every pair in order, both hashes within the thresholds."""
    ints = {
        it.path: (px_checks._bits(f.dhash), px_checks._bits(f.phash))
        for it in items
        if (f := facts.get(it.path)) is not None
    }
    hashed = [it for it in items if it.path in ints and min(ints[it.path]) >= 0]
    pairs: dict[str, list[str]] = {}
    for a, b in itertools.combinations(hashed, 2):
        if a.sha256 and a.sha256 == b.sha256:
            continue
        (ad, ap), (bd, bp) = ints[a.path], ints[b.path]
        if (ad ^ bd).bit_count() <= px_checks.NEAR_DUP_DHASH and (
            ap ^ bp
        ).bit_count() <= px_checks.NEAR_DUP_PHASH:
            pairs.setdefault(a.path, []).append(b.path)
            pairs.setdefault(b.path, []).append(a.path)
    return pairs


def _listing_brute(items, facts):  # type: ignore[no-untyped-def]
    listings = [it for it in items if facts.get(it.path) and facts[it.path].windows]
    out = []
    for photo in items:
        f = facts.get(photo.path)
        if photo.source.category is not Category.PRODUCT or f is None or not f.dhash:
            continue
        dh, ph = px_checks._bits(f.dhash), px_checks._bits(f.phash)
        if dh < 0 or ph < 0:
            continue
        found = next(
            (
                (photo.path, lst.path, box)
                for lst in listings
                for box, d, p in facts[lst.path].windows
                if px_checks._bits(d) >= 0
                and px_checks._bits(p) >= 0
                and (dh ^ px_checks._bits(d)).bit_count() <= px_checks.LISTING_DHASH
                and (ph ^ px_checks._bits(p)).bit_count() <= px_checks.LISTING_PHASH
            ),
            None,
        )
        if found:
            out.append(found)
    return out


def test_near_duplicate_and_listing_findings_match_the_definition() -> None:
    """Random hashes clustered around a few pictures (so pairs and matches exist): the
    findings and their order equal the pairwise definition's."""
    rng = random.Random(5)
    pictures = [(rng.getrandbits(64), rng.getrandbits(64)) for _ in range(6)]

    def near(h: int, bits: int) -> str:
        return f"{h ^ sum(1 << b for b in rng.sample(range(64), bits)):016x}"

    items, facts = [], {}
    for i in range(120):
        d, p = rng.choice(pictures)
        path = f"product/IMG_{i:03d}.jpg"
        sha = "same" if i in (3, 4) else f"sha{i}"  # a byte-identical pair is skipped
        items.append(_item(path, Category.PRODUCT, sha))
        dh = near(d, rng.randrange(0, 16)) if i % 17 else ""  # some without a hash
        facts[path] = PixelFacts(dhash=dh, phash=near(p, rng.randrange(0, 16)))
    for k in range(5):
        path = f"listing/shot_{k}.png"
        items.append(_item(path, Category.LISTING, f"lsha{k}"))
        windows = []
        for w in range(40):
            d, p = (
                rng.choice(pictures) if w % 3 == 0 else (rng.getrandbits(64), rng.getrandbits(64))
            )
            dhex = near(d, rng.randrange(0, 20)) if w % 11 else "zz"
            windows.append(((w, w, 10, 10), dhex, near(p, rng.randrange(0, 20))))
        facts[path] = PixelFacts(windows=tuple(windows))

    findings = px_checks.near_duplicate_findings(items, facts)
    ek450 = [(f.path, f.message) for f in findings if f.code == "EK450"]
    want = _near_brute(items, facts)
    assert len(want) > 10  # the data has near-duplicates to find
    assert [p for p, _ in ek450] == list(want)
    for (path, text), others in zip(ek450, want.values(), strict=True):
        assert ", ".join(others) in text, path
    ek451 = [f for f in findings if f.code == "EK451"]
    expected = _listing_brute(items, facts)
    assert len(expected) > 5
    assert [f.path for f in ek451] == [photo for photo, _, _ in expected]
    for f, (_, lst, box) in zip(ek451, expected, strict=True):
        assert f"{lst} (region {box[0]},{box[1]}-{box[2]},{box[3]})" in f.message
