"""Could Hyperscan pre-filter the whole-line tables? Compile cost and selectivity, per table.

    pip install hyperscan        # not a dependency of hygiene: this probe only
    python bench/hyperscan_probe.py [TXT_FOLDER] [--lang en] [-n 1000]

For every line/block table of one language (and ``"*"``) it compiles the table's alternation in
Hyperscan's prefilter mode (lookarounds and other unsupported constructs approximated by a
superset; one report per scan), then scans the documents of that language. Printed per table:
compile seconds, scan µs per document (including the Python call), and in how many documents
the prefilter fires, i.e. how often the exact per-line ``regex`` pass would still have to run.
Tables Hyperscan cannot compile are listed with its error. TXT_FOLDER defaults to the corpus
``bench/throughput.py`` writes.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from hygiene.config import Settings
from hygiene.engine import Linter
from hygiene.kinds.base import LazyTable
from hygiene.kinds.block import BlockRule
from hygiene.kinds.line import LineRule
from hygiene.model import Document


def hyperscan_source(src: str) -> str:
    # \uXXXX is regex-module syntax; \Z, \A anchor a line when the whole text is scanned.
    src = re.sub(r"\\u([0-9A-Fa-f]{4})", r"\\x{\1}", src)
    return src.replace(r"\Z", "$").replace(r"\A", "^").replace(r"\z", "$")


def main() -> None:
    try:
        import hyperscan as hs
    except ImportError:
        sys.exit("hyperscan_probe: needs the hyperscan package (pip install hyperscan)")
    import regex

    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default="/tmp/hygiene-bench/corpus-10000/txt")
    ap.add_argument("--lang", default="en")
    ap.add_argument("-n", type=int, default=1000)
    args = ap.parse_args()
    linter = Linter(Settings())
    docs = []
    for f in sorted(Path(args.folder).rglob("*.txt"))[: args.n]:
        doc = Document(str(f), f.read_text(encoding="utf-8"))
        linter.check(doc)  # detects the language and builds the tables
        if doc.language == args.lang:
            docs.append(doc.text.encode())
    base = (hs.HS_FLAG_PREFILTER | hs.HS_FLAG_UTF8 | hs.HS_FLAG_UCP | hs.HS_FLAG_MULTILINE
            | hs.HS_FLAG_ALLOWEMPTY | hs.HS_FLAG_SINGLEMATCH)
    total = 0.0
    print(f"{len(docs)} {args.lang} documents")
    for rule in linter.rules:
        if not isinstance(rule, (LineRule, BlockRule)):
            continue
        for name, table in vars(rule).items():
            if not isinstance(table, LazyTable):
                continue
            for lang in (args.lang, "*"):
                pat = table.get(lang) if lang in table.entries else None
                if pat is None:
                    continue
                label = f"{rule.meta.code} {name} {lang}"
                flags = base | (hs.HS_FLAG_CASELESS if pat.flags & regex.IGNORECASE else 0)
                db = hs.Database()
                t = time.perf_counter()
                try:
                    db.compile(expressions=[hyperscan_source(pat.pattern).encode()], ids=[0],
                               elements=1, flags=[flags])
                except Exception as exc:
                    print(f"{label:22} cannot compile: {exc}")
                    continue
                compiled = time.perf_counter() - t
                total += compiled
                fired = []
                t = time.perf_counter()
                for data in docs:
                    db.scan(data, match_event_handler=lambda *a: fired.append(1))
                scan = (time.perf_counter() - t) / max(1, len(docs)) * 1e6
                print(f"{label:22} compile {compiled:7.2f} s  scan {scan:6.1f} µs/doc  "
                      f"fires in {len(fired)}/{len(docs)}")
    print(f"compile time, all tables: {total:.0f} s")


if __name__ == "__main__":
    main()
