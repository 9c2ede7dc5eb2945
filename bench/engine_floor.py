"""What the engine costs without its rules: the floor under any rule optimisation.

    python bench/engine_floor.py [TXT_FOLDER] [-n 1000] [--reps 3]

Checks N documents with a warm linter twice: with every per-document rule, then with every
rule's ``check`` replaced by a stub that finds nothing (document set-up, language detection,
per-file ignores, scoring remain). Prints CPU time per document and MB/s for both, best of
``--reps``. TXT_FOLDER defaults to the 10 000-document corpus ``bench/throughput.py`` writes.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from hygiene.config import Settings
from hygiene.engine import Linter
from hygiene.model import Document


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default="/tmp/hygiene-bench/corpus-10000/txt")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    files = sorted(Path(args.folder).rglob("*.txt"))[: args.n]
    texts = [(str(f), f.read_text(encoding="utf-8")) for f in files]
    mb = sum(len(t.encode()) for _, t in texts) / 1e6
    linter = Linter(Settings())

    def one_pass():
        for path, text in texts:
            linter.check(Document(path, text))

    one_pass()  # compiles the lazy per-language patterns, loads models and tables

    def best() -> float:
        times = []
        for _ in range(args.reps):
            t = time.process_time()
            one_pass()
            times.append(time.process_time() - t)
        return min(times)

    full = best()
    for rule in linter.rules:
        rule.check = lambda doc: ()
    bare = best()
    n = len(texts)
    print(f"{n} documents, {mb:.2f} MB, {len(linter.rules)} per-document rules")
    for label, s in (("every rule", full), ("rules stubbed out", bare)):
        print(f"  {label:18} {s:6.2f} s CPU  {1e3 * s / n:5.2f} ms/document  {mb / s:5.2f} MB/s")


if __name__ == "__main__":
    main()
