"""The corpus rules' fingerprints of every document of a run, kept until the corpus pass.

At 100 000 documents a tuple and a ``{code: fingerprint}`` dict per document, with the JSONL
record's own dict, cost more than the fingerprints' own bytes. Here each rule has a list of
fingerprints and an array of document numbers, and each document one ``(path, line, id)`` row;
a rule's ``check_corpus`` still sees ``(path, record, fingerprint)`` items, built as it reads
them.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence


class FingerprintStore:
    def __init__(self):
        self._docs: list[tuple] = []  # (path, line, id), or (path, record) for other records
        self._rules: dict[str, tuple[array, list]] = {}  # code -> (document numbers, prints)

    def add(self, path: str, record: dict | None, fps: dict) -> None:
        n = len(self._docs)
        if record is not None and len(record) == 2 and "line" in record and "id" in record \
                and next(iter(record)) == "line":
            self._docs.append((path, record["line"], record["id"]))
        else:
            self._docs.append((path, record))
        for code, fp in fps.items():
            got = self._rules.get(code)
            if got is None:
                got = self._rules[code] = (array("I"), [])
            got[0].append(n)
            got[1].append(fp)

    def extend(self, rows) -> None:
        for path, record, fps in rows:
            self.add(path, record, fps)

    def __len__(self) -> int:
        return len(self._docs)

    def items(self, code: str) -> Items:
        numbers, prints = self._rules.get(code) or (array("I"), [])
        return Items(self._docs, numbers, prints)


class Items(Sequence):
    """One rule's ``(path, record, fingerprint)`` items, in document order."""

    def __init__(self, docs: list, numbers: array, prints: list):
        self._docs = docs
        self._numbers = numbers
        self._prints = prints

    def __len__(self) -> int:
        return len(self._prints)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        return _item(self._docs[self._numbers[i]], self._prints[i])

    def __iter__(self):
        docs = self._docs
        for n, fp in zip(self._numbers, self._prints):
            yield _item(docs[n], fp)


def _item(row: tuple, fp) -> tuple:
    if len(row) == 3:
        return row[0], {"line": row[1], "id": row[2]}, fp
    return row[0], row[1], fp
