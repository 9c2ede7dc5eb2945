"""JSONL shards (optionally gzip-compressed): one JSON object per line, the article in a field.

Reading streams line by line. Rewriting keeps every record that did not change byte for byte,
re-serialises only the changed ones (same key order, same separators and escaping style), keeps
compression, and replaces the shard atomically.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

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
    """Writes a fixed copy of a shard beside it, then swaps it in atomically."""

    def __init__(self, path: str):
        self.path = path
        self.stat = os.stat(path)
        target = Path(path)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".hygiene-tmp",
                                        dir=target.parent)
        raw = os.fdopen(fd, "wb")
        self.raw = raw
        self.fh = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if _compressed(path) else raw

    def write(self, line: bytes) -> None:
        self.fh.write(line)

    def commit(self) -> None:
        try:
            if self.fh is not self.raw:
                self.fh.close()
            self.raw.flush()
            os.fsync(self.raw.fileno())
            self.raw.close()
            now = os.stat(self.path)
            if (now.st_size, now.st_mtime_ns) != (self.stat.st_size, self.stat.st_mtime_ns):
                raise ChangedOnDisk(f"{self.path}: changed on disk since it was read; "
                                    "not rewritten")
            os.chmod(self.tmp, self.stat.st_mode & 0o7777)
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        for f in (self.fh, self.raw):
            try:
                f.close()
            except Exception:
                pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


class ChangedOnDisk(Exception):
    pass
