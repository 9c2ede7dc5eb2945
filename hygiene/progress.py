"""A progress bar on stderr for runs over many files (terminals only)."""

from __future__ import annotations

MIN_FILES = 20


class Progress:
    def __init__(self):
        self._bar = None
        self._task = None

    def start(self, total: int) -> None:
        if total < MIN_FILES:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TimeRemainingColumn

        self._bar = Bar("checking", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=Console(stderr=True), transient=True)
        self._bar.start()
        self._task = self._bar.add_task("check", total=total)

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
