"""Progress reporting shared by the API and the CLI.

A progress callback receives ``(done, total)`` counts (``total`` 0 when not known yet: pages
while rendering). A build goes through stages (reading files, preparing images, rendering
pages, writing); a callback that has a ``stage(name)`` attribute is told when each begins,
so the CLI's bar can say what it is waiting for instead of sitting full while a 400-page
dossier renders. A plain two-argument function still works: it just sees the counts restart.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]

READING = "Reading files"
PREPARING = "Preparing images"
RENDERING = "Rendering pages"
WRITING = "Writing"
MAKING_SHEETS = "Making upload images"


def stage(progress: Progress | None, name: str) -> None:
    """Announce stage ``name`` to ``progress`` when it listens for stages."""
    hook = getattr(progress, "stage", None)
    if callable(hook):
        hook(name)


def report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)
