"""Write a large, realistic benchmark corpus built from the labelled development corpus.

    python bench/make_corpus.py OUT -n 10000 [--seed 1] [--txt] [--jsonl] [--gzip] [--jobs N]

Writes ``OUT/txt/00000/0000000.txt`` … (1 000 files per subfolder) with ``--txt`` (the default
when no format is named) and ``OUT/jsonl/shard-00000.jsonl[.gz]`` (10 000 records per shard,
``{"id", "url", "lang", "text"}``) with ``--jsonl``; both hold the same documents in the same
order. ``OUT/manifest.json`` records what was written.

How the documents are made (``tests/corpus/*/*.txt``, markup stripped as ``bench/quality.py``
does):

* The first ``min(N, 90)`` documents are the development articles themselves; after that 1 %
  are verbatim copies of one of them (exact duplicates, as real scraped corpora have).
* The rest are *variants* of a base article of the same language. The work is done on the
  marked text, with every ``⟦family:…⟧`` span masked, so no edit ever touches an artefact:
  - the base's own whole-line artefacts (ad slots, captions, widgets, comment forms …) are
    taken out and its content paragraphs shuffled (the lede stays first half of the time),
    one or two dropped or added;
  - every sentence of a paragraph is, with probability 1/2, replaced by a random sentence of
    another article of the same language (inline artefacts — hedges, mistranslated names,
    mojibake — come along with their sentences, so their density is kept);
  - every number outside the artefacts gets random digits, and proper names (capitalised words
    inside a sentence) are swapped, with probability 1/2, for names from the same language;
  - whole-line artefacts are spliced back in: as many as a random development article of that
    language has, drawn from the marked lines of *other* articles of the language, each at the
    relative position (head, middle, tail) it had in its own article.
  Without the sentence recombination and the number/name swaps, 100 000 documents made from 90
  articles would repeat every paragraph ~1 100 times: every line would be a D101 repeat and every
  document a D201 near-duplicate, which benchmarks a pathological corpus, not a scraped one.
  Spliced artefact lines do repeat across documents, as a site's boilerplate does.

Document ``i`` depends only on ``--seed`` and ``i``: the 10 000-document corpus is the first
10 000 documents of the 100 000-document one, and two runs write identical bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import regex

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from quality import parse  # noqa: E402  (strips ⟦family:…⟧, returns text and gold spans)

DEV_CORPUS = HERE.parent / "tests" / "corpus"
TXT_PER_DIR = 1000
JSONL_PER_SHARD = 10000
DUPLICATE_RATE = 0.01

_SPAN = regex.compile(r"⟦[a-z]+:.*?⟧", regex.DOTALL)
_MASK0 = 0xF0000  # supplementary private use area: never in the corpus, never \d or \p{L}
_SENT = regex.compile(r"(?<=[.!?…][\"”»’)]?)\s+(?=[\"“„«(]?[\p{Lu}\d])")
_NUMBER = regex.compile(r"\d+")
_NAME = regex.compile(r"(?<=[\p{Ll},;:]\s)\p{Lu}\p{Ll}{2,}(?![\p{L}\p{M}\d\U000F0000-\U000FFFFD])")


def mask(raw: str) -> tuple[str, list[str]]:
    spans: list[str] = []

    def sub(m):
        spans.append(m.group())
        return chr(_MASK0 + len(spans) - 1)

    return _SPAN.sub(sub, raw), spans


def unmask(masked: str, spans: list[str]) -> str:
    if not spans:
        return masked
    return regex.sub(r"[\U000F0000-\U000FFFFD]", lambda m: spans[ord(m.group()) - _MASK0], masked)


@dataclass
class Article:
    lang: str
    name: str
    raw: str
    title: str = ""  # marked text
    paras: list[str] = field(default_factory=list)  # marked content lines after the title
    artefacts: list[tuple[str, float]] = field(default_factory=list)  # (marked line, position)
    blank_sep: bool = True  # paragraphs separated by a blank line


@dataclass
class Pools:
    by_lang: dict[str, list[Article]]
    sentences: dict[str, list[tuple[str, str]]]  # lang -> [(article name, marked sentence)]
    names: dict[str, list[str]]
    artefacts: dict[str, list[tuple[str, str, float]]]  # lang -> [(article, line, position)]
    originals: list[Article]


def load(corpus: Path = DEV_CORPUS) -> Pools:
    by_lang: dict[str, list[Article]] = {}
    sentences: dict[str, list] = {}
    names: dict[str, set] = {}
    artefacts: dict[str, list] = {}
    originals = []
    for path in sorted(corpus.glob("*/*.txt")):
        lang = path.parent.name
        raw = path.read_text(encoding="utf-8")
        art = Article(lang, f"{lang}/{path.stem}", raw)
        masked, spans = mask(raw)
        lines = masked.split("\n")
        nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
        for rank, i in enumerate(nonblank):
            ln = lines[i]
            pos = rank / max(1, len(nonblank) - 1)
            if all(0xF0000 <= ord(c) or c.isspace() for c in ln):  # only artefacts on it
                art.artefacts.append((unmask(ln, spans), pos))
            elif not art.title:
                art.title = unmask(ln, spans)
            else:
                art.paras.append(unmask(ln, spans))
                for m in _NAME.finditer(ln):
                    names.setdefault(lang, set()).add(m.group())
                if len(ln) > 60:
                    for s in _SENT.split(ln):
                        if len(s) > 20:
                            sentences.setdefault(lang, []).append((art.name, unmask(s, spans)))
        art.blank_sep = "\n\n" in masked.strip()
        by_lang.setdefault(lang, []).append(art)
        artefacts.setdefault(lang, []).extend((art.name, a, p) for a, p in art.artefacts)
        originals.append(art)
    return Pools(by_lang, sentences, {k: sorted(v) for k, v in names.items()}, artefacts,
                 originals)


def _swap(marked: str, rng: random.Random, names: list[str]) -> str:
    masked, spans = mask(marked)

    def number(m):
        n = len(m.group())
        digits = [str(rng.randint(1 if n > 1 else 0, 9))]
        digits += [str(rng.randint(0, 9)) for _ in range(n - 1)]
        return "".join(digits)

    masked = _NUMBER.sub(number, masked)
    if names:
        masked = _NAME.sub(lambda m: rng.choice(names) if rng.random() < 0.5 else m.group(),
                           masked)
    return unmask(masked, spans)


def variant(pools: Pools, rng: random.Random) -> tuple[str, str, str]:
    """One generated document: (language, base article name, marked text)."""
    base = rng.choice(pools.originals)
    lang = base.lang
    sents = pools.sentences.get(lang, [])
    foreign = [s for a, s in sents if a != base.name] or [s for _, s in sents]
    names = pools.names.get(lang, [])
    paras = list(base.paras)
    if paras:
        lede = paras[0] if rng.random() < 0.5 else None
        body = paras[1:] if lede is not None else paras
        rng.shuffle(body)
        paras = ([lede] if lede is not None else []) + body
    target = max(2, len(paras) + rng.randint(-2, 2))
    while len(paras) > target:
        paras.pop(rng.randrange(1, len(paras)))
    while len(paras) < target and foreign:
        paras.insert(rng.randint(1, len(paras)),
                     " ".join(rng.choice(foreign) for _ in range(rng.randint(2, 4))))
    out = []
    for p in paras:
        if len(p) > 60 and foreign:
            masked, spans = mask(p)
            parts = [unmask(s, spans) for s in _SENT.split(masked)]
            p = " ".join(rng.choice(foreign) if rng.random() < 0.5 else s for s in parts)
        out.append(_swap(p, rng, names))
    lines = [_swap(base.title, rng, names)] + out
    # Whole-line artefacts: as many as a random article of the language has, from other articles.
    like = rng.choice(pools.by_lang[lang])
    pool = [(line, pos) for a, line, pos in pools.artefacts.get(lang, []) if a != base.name]
    picks = sorted((rng.choice(pool) for _ in range(len(like.artefacts))) if pool else [],
                   key=lambda x: x[1])
    for line, pos in reversed(picks):
        at = 1 + round(pos * (len(lines) - 1)) if pos > 0 else rng.randint(0, 1)
        lines.insert(min(at, len(lines)), line)
    sep = "\n\n" if base.blank_sep else "\n"
    return lang, base.name, sep.join(lines) + "\n"


def document(pools: Pools, seed: int, i: int) -> dict:
    rng = random.Random(f"{seed}:{i}")
    n_orig = len(pools.originals)
    if i < n_orig:
        art = pools.originals[i]
        kind, lang, base, marked = "original", art.lang, art.name, art.raw
    elif rng.random() < DUPLICATE_RATE:
        art = rng.choice(pools.originals)
        kind, lang, base, marked = "duplicate", art.lang, art.name, art.raw
    else:
        kind = "variant"
        lang, base, marked = variant(pools, rng)
    text, spans = parse(marked)
    return {"i": i, "kind": kind, "lang": lang, "base": base, "text": text,
            "families": Counter(f for f, _, _ in spans)}


def txt_path(out: Path, i: int) -> Path:
    return out / "txt" / f"{i // TXT_PER_DIR:05d}" / f"{i:07d}.txt"


def _write_range(args) -> dict:
    """Write documents [lo, hi) (one JSONL shard's worth); return their statistics."""
    out, seed, lo, hi, want_txt, want_jsonl, gz = args
    pools = _POOLS or load()
    stats = {"docs": 0, "bytes": 0, "kinds": Counter(), "langs": Counter(), "spans": Counter()}
    shard = None
    if want_jsonl:
        name = out / "jsonl" / f"shard-{lo // JSONL_PER_SHARD:05d}.jsonl"
        shard = gzip.open(f"{name}.gz", "wt", encoding="utf-8", compresslevel=6) if gz \
            else open(name, "w", encoding="utf-8")
    try:
        for i in range(lo, hi):
            d = document(pools, seed, i)
            data = d["text"].encode("utf-8")
            if want_txt:
                p = txt_path(out, i)
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_bytes(data)
            if shard:
                rec = {"id": f"doc-{i:07d}", "url": f"https://news.example/{d['lang']}/{i}",
                       "lang": d["lang"], "text": d["text"]}
                shard.write(json.dumps(rec, ensure_ascii=False) + "\n")
            stats["docs"] += 1
            stats["bytes"] += len(data)
            stats["kinds"][d["kind"]] += 1
            stats["langs"][d["lang"]] += 1
            stats["spans"].update(d["families"])
    finally:
        if shard:
            shard.close()
    return stats


_POOLS: Pools | None = None


def make(out: Path, n: int, seed: int = 1, txt: bool = True, jsonl: bool = False,
         gz: bool = False, jobs: int = 1) -> dict:
    """Write the corpus (replacing OUT/txt and OUT/jsonl) and return the manifest."""
    global _POOLS
    _POOLS = load()
    t0 = time.perf_counter()
    for sub, want in (("txt", txt), ("jsonl", jsonl)):
        if want:
            shutil.rmtree(out / sub, ignore_errors=True)
            (out / sub).mkdir(parents=True)
    ranges = [(out, seed, lo, min(n, lo + JSONL_PER_SHARD), txt, jsonl, gz)
              for lo in range(0, n, JSONL_PER_SHARD)]
    if jobs > 1 and len(ranges) > 1:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(min(jobs, len(ranges))) as pool:
            parts = pool.map(_write_range, ranges, chunksize=1)
    else:
        parts = [_write_range(r) for r in ranges]
    total = {"docs": 0, "bytes": 0, "kinds": Counter(), "langs": Counter(), "spans": Counter()}
    for p in parts:
        for k, v in p.items():
            total[k] += v
    dev_bytes = sum(len(parse(a.raw)[0].encode("utf-8")) for a in _POOLS.originals)
    dev_spans = Counter(f for a in _POOLS.originals for f, _, _ in parse(a.raw)[1])
    manifest = {
        "documents": n, "seed": seed, "text_bytes": total["bytes"],
        "mean_doc_bytes": round(total["bytes"] / max(1, n)),
        "kinds": dict(total["kinds"]), "languages": dict(sorted(total["langs"].items())),
        "artefact_spans": dict(total["spans"].most_common()),
        "artefact_spans_per_10kb": round(sum(total["spans"].values()) / total["bytes"] * 1e4, 2),
        "dev_corpus_artefact_spans_per_10kb": round(sum(dev_spans.values()) / dev_bytes * 1e4, 2),
        "formats": [f for f, w in (("txt", txt), ("jsonl.gz" if gz else "jsonl", jsonl)) if w],
        "seconds": round(time.perf_counter() - t0, 1),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="output folder")
    ap.add_argument("-n", "--documents", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--txt", action="store_true", help="write OUT/txt (default without --jsonl)")
    ap.add_argument("--jsonl", action="store_true", help="write OUT/jsonl shards")
    ap.add_argument("--gzip", action="store_true", help="gzip the JSONL shards")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="processes writing shards in parallel (output is the same)")
    args = ap.parse_args()
    txt = args.txt or not args.jsonl
    m = make(Path(args.out), args.documents, args.seed, txt, args.jsonl, args.gzip, args.jobs)
    print(json.dumps(m, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
