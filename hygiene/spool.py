"""Per-document results of a run, kept in order without holding a whole corpus in memory.

A run over 100 000 documents finds over a million artefacts; kept as objects they take gigabytes.
The first ``limit`` results stay in memory (a pre-commit run never touches the disk); beyond
that, every result is pickled to a temporary file that each reader streams back in order.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import weakref
from itertools import islice

SPILL_AFTER = 2000
BATCH = 256  # items per pickle: shared strings are written once, and calls are few


class Spool:
    def __init__(self, limit: int = SPILL_AFTER):
        self.limit = limit
        self._mem: list = []
        self._path: str | None = None
        self._out = None
        self._n = 0
        self._buf: list = []

    def append(self, item) -> None:
        self._n += 1
        if self._out is None:
            self._mem.append(item)
            if len(self._mem) > self.limit:
                self._spill()
            return
        self._buf.append(item)
        if len(self._buf) >= BATCH:
            self._flush()

    def extend(self, items) -> None:
        for item in items:
            self.append(item)

    def __len__(self) -> int:
        return self._n

    def __bool__(self) -> bool:
        return self._n > 0

    def __iter__(self):
        if self._out is None:
            yield from list(self._mem)
            return
        self._flush()
        self._out.flush()
        with open(self._path, "rb") as fh:
            left = self._n
            while left > 0:
                batch = pickle.load(fh)
                left -= len(batch)
                yield from batch

    def __getitem__(self, index):
        if self._out is None:
            return self._mem[index]
        if isinstance(index, slice):
            return list(islice(self, index.start, index.stop, index.step))
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError(index)
        return next(islice(self, index, None))

    def rewrite(self, fn) -> None:
        """Replace every item by ``fn(item)`` (items read back from disk are copies, so changing
        them in a loop would be lost)."""
        self._replace(fn(x) for x in self)

    def keep(self, pred) -> None:
        """Drop the items for which ``pred(item)`` is false."""
        self._replace(x for x in self if pred(x))

    def _replace(self, items) -> None:
        if self._out is None:
            self._mem = list(items)
            self._n = len(self._mem)
            return
        fresh = Spool(self.limit)
        fresh._spill()
        for item in items:
            fresh.append(item)
        self.close()
        self.__dict__.update(fresh.__dict__)
        fresh._out = None  # ownership moved to self
        fresh._finalizer.detach()
        self._finalizer = weakref.finalize(self, _remove, self._out, self._path)

    def close(self) -> None:
        if self._out is not None:
            self._finalizer()
            self._out = None

    def _spill(self) -> None:
        fd, self._path = tempfile.mkstemp(prefix="hygiene-results-", suffix=".pickle")
        self._out = os.fdopen(fd, "wb")
        self._finalizer = weakref.finalize(self, _remove, self._out, self._path)
        self._buf, self._mem = self._mem, []
        self._flush()

    def _flush(self) -> None:
        # A fresh pickle per batch: a shared Pickler would keep every object it wrote alive.
        if self._buf:
            pickle.dump(self._buf, self._out, protocol=pickle.HIGHEST_PROTOCOL)
            self._buf = []


def _remove(fh, path: str) -> None:
    try:
        fh.close()
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass
