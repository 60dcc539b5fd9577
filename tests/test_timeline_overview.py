"""The overview strip of the timeline (issue 20): years labelled across a new year, and marks
of the same day counted ("×3"), never drawn over each other."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from evidencekit.dossier.render.timeline import COUNT_W, MARK, MARK_GAP, cluster, tick_labels


def _no_overlap(xs: list[float]) -> None:
    marks = cluster(xs)
    assert sorted(i for m in marks for i in m.members) == list(range(len(xs)))
    for a, b in zip(marks, marks[1:], strict=False):
        # a's square (and its count) ends before b's square begins, with a gap
        a_right = a.x + MARK / 2 + (COUNT_W if len(a.members) > 1 else 0)
        assert b.x - MARK / 2 >= a_right + MARK_GAP - 1e-9


def test_same_day_marks_are_counted() -> None:
    marks = cluster([100.0, 100.5, 101.0, 200.0])
    assert [(m.x, len(m.members)) for m in marks] == [(100.0, 3), (200.0, 1)]


def test_marks_never_overlap_randomized() -> None:
    rnd = random.Random(20)
    for _ in range(500):
        xs = sorted(rnd.uniform(0, 500) for _ in range(rnd.randint(1, 60)))
        _no_overlap(xs)


def test_years_are_labelled_across_a_new_year() -> None:
    t0 = datetime(2025, 12, 20, 9, tzinfo=UTC)
    labels = [text for _, text in tick_labels(t0, t0 + timedelta(days=25)) if text]
    assert labels[0] == "2025-12-21" and "2026-01-02" in labels  # labels every second day
    assert all(len(x) in (5, 10) for x in labels)
    assert sum(len(x) == 10 for x in labels) == 2  # first label and the new year's first
    # Within one year: month-day only, as before.
    same = [x for _, x in tick_labels(t0 - timedelta(days=30), t0) if x]
    assert same and all(len(x) == 5 for x in same)
    # A long case (500 days): every label says which year it is in, first of each year.
    long = [x for _, x in tick_labels(t0, t0 + timedelta(days=500)) if x]
    assert long[0].startswith("2025") and any(x.startswith("2026") for x in long)
    assert any(x.startswith("2027") for x in long)
