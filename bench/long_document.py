"""Does the cost of one document grow linearly with its length?

    python bench/long_document.py [--sizes 1,4,16] [--lang en] [--one-line]

Builds one long text by joining the development corpus articles of a language (markup removed)
and repeating them, then times ``Linter.check`` (CPU, warm linter) at each multiple. A ratio of
time per MB that stays flat means no rule or engine step is quadratic in the document's length
(before session 4 the score's sentence count and the one-finding-per-artefact pass were).
``--one-line`` joins everything into a single line, as some scrapers write a page (the
quotation test read the whole line again for every hedge it was asked about).
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from hygiene.config import Settings
from hygiene.engine import Linter
from hygiene.model import Document

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,4,16")
    ap.add_argument("--lang", default="en")
    ap.add_argument("--one-line", action="store_true")
    args = ap.parse_args()
    base = "\n\n".join(re.sub(r"⟦[a-z]+:(.*?)⟧", r"\1", p.read_text(encoding="utf-8"), flags=re.S)
                       for p in sorted((CORPUS / args.lang).glob("*.txt")))
    linter = Linter(Settings())
    linter.check(Document("warm.txt", base[:20000], args.lang))
    for k in map(int, args.sizes.split(",")):
        text = "\n\n".join([base] * k)
        if args.one_line:
            text = " ".join(text.split("\n"))
        mb = len(text.encode()) / 1e6
        t = time.process_time()
        res = linter.check(Document("long.txt", text, args.lang))
        s = time.process_time() - t
        print(f"x{k:<3} {mb:6.2f} MB  {len(res.findings):6} findings  {s:7.2f} s  "
              f"{s / mb:6.2f} s/MB")


if __name__ == "__main__":
    main()
