"""Baselines: accept today's findings, report only new ones.

Corpus text cannot carry "noqa" comments, so a baseline file records each finding by file, code
and a fingerprint of the flagged text (not its line number, so edits elsewhere in the file do not
invalidate it). Entries that no longer match anything are stale and reported for pruning.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

VERSION = 1


class BaselineError(Exception):
    pass


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def flagged_text(f) -> str:
    if f.start is None or f.context is None:
        # Document-level and corpus findings: their message, with counts and similarities
        # masked ("Line repeated in 12 documents"), which change as the corpus grows.
        return _NUMBER.sub("#", f.message)
    a = (f.column or 1) - 1
    return f.context[a : a + (f.end - f.start)]


def fingerprint(f) -> str:
    text = " ".join(flagged_text(f).split()).casefold()
    rec = (f.record or {}).get("id")
    key = f"{f.code}\x00{text}\x00{rec if rec is not None else ''}"
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def _key(f) -> tuple[str, str, str]:
    return (Path(f.path).as_posix(), f.code, fingerprint(f))


def write(path: str, findings) -> int:
    counts = Counter(_key(f) for f in findings)
    entries = [{"path": p, "code": c, "fingerprint": h, "count": n}
               for (p, c, h), n in sorted(counts.items())]
    data = {"version": VERSION, "tool": "hygiene", "entries": entries}
    tmp = Path(path).with_suffix(Path(path).suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return len(entries)


def load(path: str) -> Counter:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            raise BaselineError(f"{path}: unsupported baseline version {data.get('version')!r}")
        return Counter({(e["path"], e["code"], e["fingerprint"]): int(e.get("count", 1))
                        for e in data["entries"]})
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BaselineError(f"{path}: not a hygiene baseline file ({exc})") from None


class Matcher:
    """Consumes baseline entries finding by finding: ``is_new(f)`` is False for a finding the
    baseline still has an entry for. Streaming, so a run's findings never need to be listed."""

    def __init__(self, baseline: Counter):
        self.left = Counter(baseline)

    def is_new(self, f) -> bool:
        k = _key(f)
        if self.left[k] > 0:
            self.left[k] -= 1
            return False
        return True

    def stale(self) -> list:
        return [k for k, n in self.left.items() if n > 0]


def apply(findings, baseline: Counter):
    """(new findings, stale entries): findings matched by the baseline are dropped."""
    m = Matcher(baseline)
    new = [f for f in findings if m.is_new(f)]
    return new, m.stale()
