"""Builds run in a worker thread; their progress stages feed a server-sent-event stream.

The build's own progress callback (``progress.py``: counts plus ``stage(name)``) appends to
a job's event list; the SSE response polls it, so a slow browser never blocks the build.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Job:
    events: list[dict[str, Any]] = field(default_factory=list)
    finished: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def push(self, event: dict[str, Any]) -> None:
        with self.lock:
            self.events.append(event)

    # The progress protocol of progress.py: called with counts, told about stages.
    def __call__(self, done: int, total: int) -> None:
        self.push({"done": done, "total": total})

    def stage(self, name: str) -> None:
        self.push({"stage": name})


class Jobs:
    def __init__(self) -> None:
        self.jobs: dict[str, Job] = {}

    def start(self, work: Callable[[Job], dict[str, Any]]) -> str:
        job_id = secrets.token_hex(8)
        job = self.jobs[job_id] = Job()

        def run() -> None:
            try:
                end = work(job)
            except Exception as exc:  # shown in the page; the server keeps running
                end = {"error": str(exc) or type(exc).__name__}
            job.push({"end": True, **end})
            job.finished = True

        threading.Thread(target=run, daemon=True).start()
        return job_id

    async def stream(self, job_id: str) -> AsyncIterator[str]:
        job = self.jobs.get(job_id)
        if job is None:
            yield "data: " + json.dumps({"end": True, "error": "unknown job"}) + "\n\n"
            return
        sent = 0
        while True:
            with job.lock:
                new = job.events[sent:]
            for ev in new:
                yield "data: " + json.dumps(ev, ensure_ascii=False) + "\n\n"
            sent += len(new)
            if job.finished and sent >= len(job.events):
                return
            await asyncio.sleep(0.15)
