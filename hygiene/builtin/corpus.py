"""Corpus rules: what only shows across documents. Each document is reduced to a small
fingerprint during the per-document pass (in the worker that checked it); the rules then run
once over all fingerprints, so the corpus pass scales with the number of documents, not their
size."""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter, defaultdict

import regex

from .. import hookimpl
from ..model import Applicability, Edit, Finding, Fix, RuleDocs, RuleMeta, Severity
from ..rule import CorpusRule
from ..textutil import norm_line

_WORD = regex.compile(r"\w+")


def _h(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big")


class _Base(CorpusRule):
    code = name = what = why = example = use_instead = fix_safety = ""
    severity = Severity.WARNING
    fixable = "never"

    def __init__(self, settings=None):
        self.settings = settings
        self.meta = RuleMeta(
            code=self.code, name=self.name, family="corpus", severity=self.severity,
            fixable=self.fixable, origin=f"built-in {__name__}", scope="corpus",
            docs=RuleDocs(self.what, self.why, self.example, self.use_instead, self.fix_safety),
        )

    def finding(self, path, record, message, start=None, end=None, line=None, fix=None,
                extra=None) -> Finding:
        m = self.meta
        return Finding(code=m.code, rule=m.name, family="corpus", severity=m.severity,
                       message=message, start=start, end=end, fix=fix, path=path,
                       record=record, line=line, column=1 if line else None,
                       end_line=line, extra=extra or {})


class RepeatedBoilerplateLine(_Base):
    code = "D101"
    name = "repeated-boilerplate-line"
    fixable = "always"
    what = ("A line that appears, word for word, in many documents of the corpus (five by "
            "default; `repeated-line-min-docs` in the config): site boilerplate the corpus "
            "itself reveals, in any language and any template.")
    why = ("Article sentences are not repeated across independent articles; a line that is "
           "(a slogan, a disclaimer, a footer) is template text.")
    example = "(in 40 files) Die Meinung des Autors muss nicht mit der Redaktion übereinstimmen."
    use_instead = "(the line removed from each file)"
    fix_safety = ("Unsafe: a quotation or a wire-service paragraph can legitimately repeat "
                  "across documents; review before removing.")
    MIN_LEN, MAX_LEN = 15, 400

    def fingerprint(self, doc):
        out = []
        seen_first = False
        starts = doc.line_starts
        for ln in doc.lines:
            s = ln.text.strip()
            if not s:
                continue
            if not seen_first:  # titles repeat legitimately (copies, updates)
                seen_first = True
                continue
            if self.MIN_LEN <= len(s) <= self.MAX_LEN:
                nxt = starts[ln.index + 1] if ln.index + 1 < len(starts) else len(doc.text)
                out.append((_h(norm_line(s)), ln.index + 1, ln.start, ln.end, nxt))
        return out

    def check_corpus(self, items):
        threshold = getattr(self.settings, "repeated_line_min_docs", 5)
        docs_per_line = Counter()
        for _, _, fp in items:
            docs_per_line.update({h for h, *_ in fp})
        for path, record, fp in items:
            for h, line, start, end, nxt in fp:
                n = docs_per_line[h]
                if n >= threshold:
                    fix = Fix(Applicability.UNSAFE, "Remove the repeated line",
                              (Edit(start, nxt, ""),))
                    yield self.finding(path, record, f"Line repeated in {n} documents of the "
                                       "corpus: site boilerplate", start, end, line, fix,
                                       {"documents": n})


class DuplicateDocument(_Base):
    code = "D201"
    name = "duplicate-document"
    what = ("A document that is an exact or near copy (estimated Jaccard similarity of its word "
            "5-grams of 0.8 or more) of an earlier document in the corpus.")
    why = "Duplicates skew statistics and training; keep one copy."
    example = "b.txt: near-duplicate (similarity 0.93) of a.txt"
    use_instead = "(drop or merge the later copy)"
    fix_safety = "No fix: which copy to keep is the curator's decision."
    K = 64  # bottom-k sketch size
    THRESHOLD = 0.8

    def fingerprint(self, doc):
        words = [w.lower() for w in _WORD.findall(doc.text)]
        exact = _h(" ".join(words))
        if len(words) < 5:
            shingles = {" ".join(words)} if words else set()
        else:
            shingles = {" ".join(words[i : i + 5]) for i in range(len(words) - 4)}
        sketch = tuple(sorted(heapq.nsmallest(self.K, {_h(s) for s in shingles})))
        return exact, sketch

    def check_corpus(self, items):
        first_exact = {}
        index = defaultdict(list)
        sketches = []
        for i, (path, record, (exact, sketch)) in enumerate(items):
            sketches.append(set(sketch))
            if exact in first_exact:
                j = first_exact[exact]
                yield self.finding(path, record, f"Exact duplicate of {_name(items[j])}",
                                   extra={"duplicate_of": _name(items[j]), "similarity": 1.0})
                continue
            first_exact[exact] = i
            shared = Counter(j for h in sketch for j in index[h])
            best = None
            for j, n in shared.most_common(5):
                if n < self.K * self.THRESHOLD / 2:
                    break
                sim = _jaccard(sketches[i], sketches[j], self.K)
                if sim >= self.THRESHOLD and (best is None or sim > best[1]):
                    best = (j, sim)
            if best:
                j, sim = best
                yield self.finding(path, record, f"Near-duplicate (similarity {sim:.2f}) of "
                                   f"{_name(items[j])}",
                                   extra={"duplicate_of": _name(items[j]),
                                          "similarity": round(sim, 3)})
                continue
            for h in sketch:
                index[h].append(i)


def _jaccard(a: set, b: set, k: int) -> float:
    union_k = set(heapq.nsmallest(k, a | b))
    return len(union_k & a & b) / max(1, len(union_k))


def _name(item) -> str:
    path, record, _ = item
    if record and record.get("line"):
        rid = record.get("id")
        return f"{path}:{record['line']}" + (f" [{rid}]" if rid is not None else "")
    return path


_NUMBER = regex.compile(r"\d[\d\s.,’'\u00a0\u202f]*\d|\d")
_NAME = regex.compile(r"(?<=[\p{Ll},;:»«\"“”(]\s{1,3}|[\p{Ll}]\s)\p{Lu}[\p{L}\-]{2,}")


class TranslatedCopy(_Base):
    code = "D301"
    name = "translated-copy"
    severity = Severity.INFO
    what = ("The same story in another language: documents whose language-independent anchors "
            "(numbers and proper names, in order) match, although their languages differ.")
    why = ("Machine-translated copies multiply one article across a corpus; a curator wants to "
           "know which documents are one story, to keep the original and drop or tag the rest.")
    example = "001_…txt: same story as 002_…txt (one story in en, fr, de)"
    use_instead = "(keep the original; tag or drop the translations)"
    fix_safety = "No fix: which copy to keep is the curator's decision."
    THRESHOLD = 0.7  # share of the shorter anchor sequence found, in order, in the other
    MIN_MATCHED = 6

    def fingerprint(self, doc):
        anchors = []
        for m in regex.finditer(rf"{_NUMBER.pattern}|{_NAME.pattern}", doc.text):
            tok = m.group()
            if tok[0].isdigit():
                digits = regex.sub(r"\D", "", tok)
                if len(digits) >= 2:
                    anchors.append(digits)
            else:
                anchors.append(tok.casefold())
        return doc.language, tuple(anchors)

    def check_corpus(self, items):
        import difflib

        # Only anchors seen in two or more languages are language-independent (names, numbers);
        # capitalised nouns of one language (German!) drop out here.
        langs_of = defaultdict(set)
        for _, _, (lang, anchors) in items:
            for a in set(anchors):
                langs_of[a].add(lang)
        seqs = []
        index = defaultdict(set)
        for i, (_, _, (lang, anchors)) in enumerate(items):
            seq = [a for a in anchors if len(langs_of[a]) >= 2]
            seq = [a for k, a in enumerate(seq) if k == 0 or seq[k - 1] != a]
            seqs.append((lang, seq))
            for a in set(seq):
                index[a].add(i)
        common = {a for a, docs in index.items() if len(docs) > max(50, len(items) // 10)}
        parent = list(range(len(items)))

        def root(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, (lang, seq) in enumerate(seqs):
            cands = Counter(j for a in set(seq) - common for j in index[a] if j < i)
            for j, shared in cands.most_common(20):
                lj, sj = seqs[j]
                if lj == lang or shared < self.MIN_MATCHED:
                    continue
                sm = difflib.SequenceMatcher(None, seq, sj, autojunk=False)
                matched = sum(b.size for b in sm.get_matching_blocks())
                if matched >= self.MIN_MATCHED and matched / min(len(seq), len(sj)) >= \
                        self.THRESHOLD:
                    parent[root(i)] = root(j)
        groups = defaultdict(list)
        for i in range(len(items)):
            groups[root(i)].append(i)
        for members in groups.values():
            if len(members) < 2:
                continue
            langs = sorted({seqs[i][0] or "?" for i in members})
            first = members[0]
            for i in members[1:]:
                path, record, _ = items[i]
                yield self.finding(
                    path, record,
                    f"Same story as {_name(items[first])}: one story in {len(langs)} languages "
                    f"({', '.join(langs)}) across {len(members)} documents",
                    extra={"story": _name(items[first]),
                           "members": [_name(items[k]) for k in members], "languages": langs},
                )


@hookimpl
def hygiene_register_rules(settings):
    return [RepeatedBoilerplateLine(settings), DuplicateDocument(settings),
            TranslatedCopy(settings)]
