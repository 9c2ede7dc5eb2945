"""Time the corpus pass (D101, D201, D301) on its own, and measure what it keeps in memory.

    python bench/corpus_pass.py CORPUS [-n N] [--source DIR] [--findings FILE] [--json FILE]
                                [--discard-findings]

CORPUS is a JSONL file or a folder of JSONL shards (``bench/make_corpus.py OUT --jsonl`` writes
them; ``bench/throughput.py`` leaves its corpora in ``/tmp/hygiene-bench/corpus-SIZE/jsonl``).
The first N records (all by default) become documents as in the corpus-only mode of
``bench/throughput.py``: the text and the record's ``lang`` (no language detection, no
per-document rules), path and ``{"line", "id"}`` record as the JSONL reader gives them. For each
document every enabled corpus rule computes its fingerprint (timed per rule); then
``hygiene.run.corpus_pass`` runs over all of them exactly as ``hygiene check`` calls it, with
each rule's ``check_corpus`` timed.

Printed (and written to ``--json``), one JSON object:

- ``fingerprint_s`` and ``check_corpus_s``: seconds per rule; ``read_s``: reading and JSON
  decoding; ``corpus_pass_s``: the whole pass, sorting the findings included;
- ``findings``: corpus findings per rule;
- ``fingerprint_bytes_per_doc``: deep ``sys.getsizeof`` of each rule's fingerprint, averaged
  over the first 2 000 documents (containers and their items; small ints and other objects
  shared between documents are counted each time, so this errs high);
- ``rss_mb``: resident memory after building the linter (``start``), after fingerprinting every
  document (``fingerprints``; the texts are not kept) and the process's peak (``peak``,
  ``ru_maxrss``), so ``peak - start`` is what fingerprints and the corpus pass cost together.

``--discard-findings`` runs each rule's ``check_corpus`` directly and counts its findings
without keeping them (as a run that streams its findings to the report would), instead of
``corpus_pass``, which keeps them all (several hundred thousand D101 findings at 100 000
documents) and sorts them: ``peak`` is then the cost of the fingerprints and the pass alone.

``--source DIR`` puts DIR first on ``sys.path`` to measure another hygiene, for example a
``git archive`` of an older commit (``git archive HEAD | tar -x -C /tmp/h-old``). ``--findings
FILE`` writes one JSON line per corpus finding (code, where, and what it points at:
``duplicate_of``/``similarity`` for D201, ``story`` for D301, ``documents`` for D101), sorted,
so that two versions' findings can be compared with ``diff`` or a few lines of Python.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _deep_size(obj, _seen=None) -> int:
    size = sys.getsizeof(obj)
    if isinstance(obj, (tuple, list, set, frozenset)):
        size += sum(_deep_size(x) for x in obj)
    elif isinstance(obj, dict):
        size += sum(_deep_size(k) + _deep_size(v) for k, v in obj.items())
    return size


def _where(f) -> str:
    if f.record:
        rid = f.record.get("id")
        return f"{f.path}:{f.record.get('line')}" + (f" [{rid}]" if rid is not None else "")
    return f.path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="JSONL file or folder of JSONL shards")
    ap.add_argument("-n", type=int, default=0, help="first N records only (default: all)")
    ap.add_argument("--source", help="hygiene source folder to put first on sys.path")
    ap.add_argument("--findings", help="write the corpus findings here, one JSON line each")
    ap.add_argument("--json", help="write the measurements here as well")
    ap.add_argument("--discard-findings", action="store_true",
                    help="count the findings of each rule without keeping them")
    args = ap.parse_args(argv)
    if args.findings and args.discard_findings:
        ap.error("--findings needs the findings: leave out --discard-findings")
    if args.source:
        sys.path.insert(0, str(Path(args.source).resolve()))

    import hygiene
    import hygiene.run as hr
    from hygiene.config import Settings
    from hygiene.engine import Linter
    from hygiene.fingerprints import FingerprintStore
    from hygiene.io import jsonl
    from hygiene.model import Document

    linter = Linter(Settings())
    rules = linter.corpus_rules
    codes = [r.meta.code for r in rules]
    fp_s = dict.fromkeys(codes, 0.0)
    cc_s = dict.fromkeys(codes, 0.0)
    for rule in [] if args.discard_findings else rules:
        orig = rule.check_corpus

        def timed(items, _orig=orig, _code=rule.meta.code):
            t = time.perf_counter()
            try:
                return list(_orig(items))
            finally:
                cc_s[_code] += time.perf_counter() - t

        rule.check_corpus = timed

    rss_start = _rss_mb()
    perf = time.perf_counter
    corpus = Path(args.corpus)
    files = sorted(corpus.rglob("*.jsonl*")) if corpus.is_dir() else [corpus]
    fingerprints, sizes, docs, read_s = FingerprintStore(), dict.fromkeys(codes, 0), 0, 0.0
    t_all = perf()
    for f in files:
        if args.n and docs >= args.n:
            break
        for n, raw in enumerate(jsonl.read_lines(str(f)), 1):
            if args.n and docs >= args.n:
                break
            t = perf()
            obj = json.loads(raw)
            doc = Document(str(f), obj["text"], obj.get("lang"),
                           record={"line": n, "id": obj.get("id")}, source="jsonl")
            read_s += perf() - t
            fps = {}
            for rule in rules:
                t = perf()
                fps[rule.meta.code] = rule.fingerprint(doc)
                fp_s[rule.meta.code] += perf() - t
            if docs < 2000:
                for code, fp in fps.items():
                    sizes[code] += _deep_size(fp)
            fingerprints.add(doc.path, doc.record, fps)
            docs += 1
    fingerprint_phase_s = perf() - t_all
    rss_fp = _rss_mb()
    result = hr.RunResult()
    per_rule = dict.fromkeys(codes, 0)
    t = perf()
    if args.discard_findings:
        found = []
        for rule in rules:
            code = rule.meta.code
            items = fingerprints.items(code)
            t_rule = perf()
            per_rule[code] = sum(1 for _ in rule.check_corpus(items))
            cc_s[code] = perf() - t_rule
            del items
    else:
        found = hr.corpus_pass(linter, fingerprints, result)
        for f in found:
            per_rule[f.code] = per_rule.get(f.code, 0) + 1
    pass_s = perf() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {
        "corpus": str(corpus), "documents": docs, "findings_kept": not args.discard_findings,
        "hygiene": str(Path(hygiene.__file__).resolve().parent),
        "read_s": round(read_s, 2), "fingerprint_phase_s": round(fingerprint_phase_s, 2),
        "fingerprint_s": {k: round(v, 2) for k, v in fp_s.items()},
        "check_corpus_s": {k: round(v, 2) for k, v in cc_s.items()},
        "corpus_pass_s": round(pass_s, 2),
        "findings": per_rule, "errors": result.errors,
        "fingerprint_bytes_per_doc": {k: round(v / max(1, min(docs, 2000)))
                                      for k, v in sizes.items()},
        "rss_mb": {"start": round(rss_start), "fingerprints": round(rss_fp),
                   "peak": round(peak)},
    }
    text = json.dumps(out, indent=1)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    if args.findings:
        keys = ("duplicate_of", "similarity", "story", "documents")
        rows = sorted(json.dumps({"code": f.code, "where": _where(f), "line": f.line,
                                  **{k: f.extra[k] for k in keys if k in f.extra}},
                                 ensure_ascii=False) for f in found)
        Path(args.findings).write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
