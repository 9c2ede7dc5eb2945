"""JSONL shards (optionally gzip-compressed): one JSON object per line, the article in a field.

Reading streams line by line. Rewriting keeps every record that did not change byte for byte,
re-serialises only the changed ones (same key order, same separators and escaping style), keeps
compression, and replaces the shard atomically.
"""

from __future__ import annotations

import filecmp
import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path

from .files import keep_mode, locked, make_temp

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".json.gz", ".ndjson")


def is_jsonl(path: str) -> bool:
    return path.lower().endswith(JSONL_SUFFIXES)


def _compressed(path: str) -> bool:
    return path.lower().endswith(".gz")


class RecordError(Exception):
    """A line that is not a usable record; ``str()`` says why."""


def read_lines(path: str) -> Iterator[bytes]:
    """The shard's raw lines, line terminators included."""
    opener = gzip.open if _compressed(path) else open
    try:
        with opener(path, "rb") as fh:
            yield from fh
    except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
        raise RecordError(f"cannot read: {exc}") from None


def parse(raw: bytes, text_field: str, id_field: str | None):
    """(object, text, record id) of one line."""
    try:
        obj = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RecordError(f"malformed JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise RecordError("not a JSON object")
    text = obj.get(text_field)
    if not isinstance(text, str):
        raise RecordError(f"no string field {text_field!r}")
    rid = obj.get(id_field) if id_field else None
    return obj, text, rid


def dump(obj: dict, original: bytes) -> bytes:
    """Serialise ``obj`` in the style of the line it came from."""
    body = original.rstrip(b"\r\n")
    ending = original[len(body) :]
    compact = b'": ' not in body and b'", "' not in body
    text = json.dumps(
        obj,
        ensure_ascii=b"\\u" in body and body.isascii(),
        separators=(",", ":") if compact else (", ", ": "),
    )
    return text.encode("utf-8") + ending


class ShardWriter:
    """Writes a fixed copy of a shard beside it, then swaps it in atomically.

    ``discard()`` is safe to call at any time (also after ``commit()``), so a ``finally`` can
    make sure no temporary file outlives an error or an interrupt.
    """

    def __init__(self, path: str):
        self.path = path
        self.target = Path(os.path.realpath(path))
        self.stat = os.stat(self.target)
        fd, self.tmp = make_temp(self.target)
        raw = os.fdopen(fd, "wb")
        self.raw = raw
        self.fh = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if _compressed(path) else raw

    def write(self, line: bytes) -> None:
        self.fh.write(line)

    def commit(self) -> bool:
        """Swap the copy in; False when the shard on disk already holds it (another run)."""
        try:
            if self.fh is not self.raw:
                self.fh.close()
            self.raw.flush()
            os.fsync(self.raw.fileno())
            with locked(self.target) as now:  # the temporary file stays locked until replaced
                if _key(now) != _key(self.stat):
                    if filecmp.cmp(self.tmp, self.target, shallow=False):
                        return False
                    raise ChangedOnDisk(f"{self.path}: changed on disk since it was read; "
                                        "not rewritten")
                keep_mode(self.tmp, self.stat)
                os.replace(self.tmp, self.target)
                self.tmp = None
            return True
        finally:
            self.discard()

    def discard(self) -> None:
        for f in (self.fh, self.raw):
            try:
                f.close()
            except Exception:
                pass
        if self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = None


def _key(st: os.stat_result) -> tuple:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class ChangedOnDisk(Exception):
    pass
