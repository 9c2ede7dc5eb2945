"""Recall, precision and content lost by fixes, over the labelled development corpus.

    python bench/quality.py [CORPUS_DIR] [--details] [--family F]

The corpus marks each artefact as ``⟦family:text⟧`` (see tests/corpus/README.md). A finding
counts as correct when it overlaps a gold span of its family; a gold span is found when a finding
of its family overlaps it. "Content lost" counts non-space characters outside every gold span that
``--fix`` (safe) or ``--fix --unsafe-fixes`` deletes or rewrites.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import regex

from hygiene.config import Settings
from hygiene.engine import Linter
from hygiene.model import Document

FAMILIES = ("placeholder", "boilerplate", "caption", "encoding", "translation", "attribution")
_MARK = regex.compile(r"⟦([a-z]+):(.*?)⟧", regex.DOTALL)


def parse(raw: str) -> tuple[str, list[tuple[str, int, int]]]:
    out, spans, pos = [], [], 0
    length = 0
    for m in _MARK.finditer(raw):
        plain = raw[pos : m.start()]
        out.append(plain)
        length += len(plain)
        spans.append((m.group(1), length, length + len(m.group(2))))
        out.append(m.group(2))
        length += len(m.group(2))
        pos = m.end()
    out.append(raw[pos:])
    return "".join(out), spans


def lost_chars(text: str, passes, spans) -> list[int]:
    """Offsets of original non-space characters outside gold spans that the fixes removed."""
    origin = list(range(len(text)))  # for each character of the current text, its origin
    for edits in passes:
        for e in reversed(edits):
            origin[e.start : e.end] = [-1] * len(e.content)
    kept = set(origin)
    in_gold = bytearray(len(text))
    for _, s, e in spans:
        in_gold[s:e] = b"\x01" * (e - s)
    return [i for i in range(len(text))
            if i not in kept and not in_gold[i] and not text[i].isspace()]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).parent.parent / "tests/corpus"))
    ap.add_argument("--details", action="store_true", help="print misses and false positives")
    ap.add_argument("--family", help="details for this family only")
    args = ap.parse_args()
    linter = Linter(Settings())
    gold_n = defaultdict(int)
    found_gold = defaultdict(int)
    pred_n = defaultdict(int)
    pred_ok = defaultdict(int)
    lost_safe = lost_unsafe = 0
    lang_ok = lang_n = 0
    files = sorted(Path(args.corpus).glob("*/*.txt"))
    for path in files:
        text, spans = parse(path.read_text(encoding="utf-8"))
        doc = Document(str(path), text)
        res = linter.check(doc)
        lang_n += 1
        lang_ok += doc.language == path.parent.name
        findings = [f for f in res.findings if f.family in FAMILIES and f.start is not None]
        for fam, s, e in spans:
            gold_n[fam] += 1
            hit = any(f.family == fam and f.start < e and s < f.end for f in findings)
            found_gold[fam] += hit
            if not hit and args.details and args.family in (None, fam):
                print(f"MISS {fam:12} {path.parent.name}/{path.name}: {text[s:e][:90]!r}")
        for f in findings:
            pred_n[f.family] += 1
            ok = any(fam == f.family and f.start < e and s < f.end for fam, s, e in spans)
            pred_ok[f.family] += ok
            if not ok and args.details and args.family in (None, f.family):
                print(f"FP   {f.family:12} {path.parent.name}/{path.name}: {f.code} "
                      f"{text[f.start:f.end][:90]!r}")
        for unsafe in (False, True):
            res = linter.fix(Document(str(path), text, doc.language), unsafe=unsafe)
            lost = lost_chars(text, res.passes, spans)
            if unsafe:
                lost_unsafe += len(lost)
            else:
                lost_safe += len(lost)
            if lost and args.details and not unsafe:
                print(f"LOST {path.parent.name}/{path.name}: "
                      f"{text[lost[0]:lost[-1] + 1][:90]!r}")
    print(f"{len(files)} documents, language detected correctly in {lang_ok}/{lang_n}")
    print(f"{'family':12} {'gold':>5} {'found':>6} {'recall':>7} {'flags':>6} {'precision':>9}")
    for fam in FAMILIES:
        g, p = gold_n[fam], pred_n[fam]
        rec = found_gold[fam] / g if g else 1.0
        prec = pred_ok[fam] / p if p else 1.0
        print(f"{fam:12} {g:5} {found_gold[fam]:6} {rec:7.3f} {p:6} {prec:9.3f}")
    print(f"content characters lost: safe fixes {lost_safe}, with unsafe fixes {lost_unsafe}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
