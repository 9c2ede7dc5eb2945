"""Corpus rules: what only shows across documents. Each document is reduced to a small
fingerprint during the per-document pass (in the worker that checked it); the rules then run
once over all fingerprints, so the corpus pass scales with the number of documents, not their
size.

Fingerprints are compact (a few hundred bytes per document, in ``array`` or ``bytes`` objects
rather than tuples of Python objects) and built from stable hashes (``blake2b``, ``crc32`` and
fixed integer arithmetic, never Python's salted ``hash()``), so that worker processes agree.
Every cross-document step is near-linear in the number of documents: sorting and counting with
numpy (imported on first use; py3langid, a dependency, requires it), LSH buckets for D201 and
capped posting lists for D301, never a walk over everything seen so far."""

from __future__ import annotations

import difflib
import functools
import hashlib
import math
import sys
import zlib
from array import array
from collections import Counter, defaultdict
from itertools import islice
from types import SimpleNamespace

import regex

from .. import hookimpl
from ..model import Applicability, Edit, Finding, Fix, RuleDocs, RuleMeta, Severity
from ..rule import CorpusRule

_WORD = regex.compile(r"\w+")
_M32 = (1 << 32) - 1
_U32 = "I" if array("I").itemsize == 4 else "L"  # 32-bit unsigned on every platform
_U64 = "Q"
_CHUNK = 1 << 16  # characters hashed at a time (bounds the temporary arrays of a huge text)
_BATCH = 1 << 16  # array items handled at a time in the corpus pass (bounds its temporaries)


@functools.cache
def _np():
    """numpy and the fixed tables of the fingerprints, built once per process (~30 ms)."""
    import numpy as np

    u = np.uint64
    # Which BMP code points regex's \w matches (the same words as _WORD.findall); index 0x10000
    # stands for every astral code point, which _chunk_word_hashes looks up one by one.
    word = np.zeros(0x10001, dtype=bool)
    bmp = "".join(" " if 0xD800 <= c < 0xE000 else chr(c) for c in range(0x10000))
    for m in _WORD.finditer(bmp):
        word[m.start() : m.end()] = True
    # Powers of an odd 64-bit multiplier and of its inverse mod 2**64, for a polynomial hash of
    # each word computed from prefix sums over the whole text (see _chunk_word_hashes).
    p = 0x100000001B3
    pw, ipw = (np.concatenate(([u(1)], np.cumprod(np.full(_CHUNK + 2, x, dtype=u))))
               for x in (p, pow(p, -1, 1 << 64)))
    return SimpleNamespace(
        np=np, u=u, word=word, pw=pw, ipw=ipw,
        s33=u(33), f1=u(0xFF51AFD7ED558CCD), f2=u(0xC4CEB9FE1A85EC53),
        # Multipliers that combine five word hashes into an (order-sensitive) 5-gram hash.
        mul=np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                      0xD6E8FEB86659FD93, 1], dtype=u),
        edges=np.arange(DuplicateDocument.K, dtype=u) << u(64 - DuplicateDocument.K_BITS),
        bins=np.arange(DuplicateDocument.K),
        low16=u(0xFFFF),
    )


def _fmix(h, t):
    """MurmurHash3's 64-bit finaliser, in place on a uint64 array."""
    h ^= h >> t.s33
    h *= t.f1
    h ^= h >> t.s33
    h *= t.f2
    h ^= h >> t.s33
    return h


def _word_hashes(text: str):
    """A 64-bit hash of every ``\\w+`` word of ``text.lower()``, in order (uint64 array).

    Vectorised: one code-point array per chunk of text, words found from a table of word
    characters, and each word's polynomial hash sum(c_k * p**k) taken from prefix sums and
    scaled back by p**-start, so that it depends on the word alone. A huge text is cut into
    chunks at whitespace (a single "word" longer than a chunk is cut too)."""
    t = _np()
    np = t.np
    parts = []
    pos, n = 0, len(text)
    while pos < n:
        end = n if n - pos <= _CHUNK else pos + _CHUNK
        if end < n:  # cut at whitespace, so that no word is split
            cut = max(text.rfind(" ", pos, end), text.rfind("\n", pos, end))
            end = cut if cut > pos else end
        parts.append(_chunk_word_hashes(text[pos:end].lower(), t))
        pos = end
    if not parts:
        return np.zeros(0, dtype=t.u)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _chunk_word_hashes(s: str, t):
    np = t.np
    # Padded with a space at each end, so that every word starts and ends inside.
    cp = np.frombuffer(f" {s} ".encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if cp.max() <= 0xFFFF:
        w = t.word[cp]
    else:
        w = t.word[np.minimum(cp, 0x10000)]
        for k in np.flatnonzero(cp > 0xFFFF).tolist():
            w[k] = _WORD.fullmatch(chr(cp[k])) is not None
    edges = np.flatnonzero(w[1:] != w[:-1]) + 1
    starts, ends = edges[0::2], edges[1::2]
    prefix = np.empty(cp.size + 1, dtype=t.u)
    prefix[0] = 0
    np.cumsum(cp * t.pw[: cp.size], out=prefix[1:])
    return _fmix((prefix[ends] - prefix[starts]) * t.ipw[starts], t)


# The first documents a process fingerprints take a pure-Python path that gives the same bytes
# as the numpy one: importing numpy costs a pre-commit run on a few files more than everything
# else it does, and pays only over many documents.
PURE_PYTHON_DOCUMENTS = 200
_M64 = (1 << 64) - 1
_P = 0x100000001B3
_MUL = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 1)


def _fmix_int(h: int) -> int:
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & _M64
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & _M64
    return h ^ (h >> 33)


@functools.lru_cache(maxsize=100_000)
def _word_hash_int(word: str) -> int:
    h, pk = 0, 1
    for ch in word:
        h += ord(ch) * pk
        pk = pk * _P & _M64
    return _fmix_int(h & _M64)


def _pure_fingerprint(text: str, rule) -> bytes:
    """DuplicateDocument.fingerprint without numpy, byte for byte (tests compare the two)."""
    words = [_word_hash_int(w) for w in _WORD.findall(text.lower())]
    exact = hashlib.blake2b(array(_U64, words).tobytes(), digest_size=rule._EXACT).digest()
    if len(words) >= 5:
        shingles = [_fmix_int((words[i] * _MUL[0] + words[i + 1] * _MUL[1]
                               + words[i + 2] * _MUL[2] + words[i + 3] * _MUL[3]
                               + words[i + 4]) & _M64) for i in range(len(words) - 4)]
    else:
        tail = _MUL[5 - len(words):]
        shingles = [_fmix_int(sum(w * m for w, m in zip(words, tail)) & _M64)]
    k, shift = rule.K, 64 - rule.K_BITS
    best: list[int | None] = [None] * k
    for h in shingles:
        b = h >> shift
        if best[b] is None or h < best[b]:
            best[b] = h
    full = [b for b in range(k) if best[b] is not None]
    sig = []
    for b in range(k):
        if best[b] is not None:
            sig.append(best[b] & 0xFFFF)
            continue
        # the next full bin (wrapping), its value shifted by the distance, as in numpy
        src = next((f for f in full if f > b), full[0] if full else None)
        if src is None:
            sig.append(0)
            continue
        sig.append(((best[src] & 0xFFFF) + ((src - b) * 0x9E37)) & 0xFFFF)
    return exact + array("H", sig).tobytes()


def _unique(np, x, counts=False, sort=True):
    """``np.unique`` by sorting (numpy 2's hash-based unique is several times slower on the
    large integer arrays of the corpus pass). ``sort=False``: sort ``x`` itself, no copy."""
    if sort:
        x = np.sort(x)
    else:
        x.sort()
    if not x.size:
        return (x, np.zeros(0, dtype=np.int64)) if counts else x
    head = np.flatnonzero(np.concatenate(([True], x[1:] != x[:-1])))
    if not counts:
        return x[head]
    return x[head], np.diff(np.append(head, x.size))


def _gather(np, buffers, dtype, count: int):
    """One array of ``count`` items from an iterable of buffers, joined 4 096 at a time: one
    join over 100 000 documents would first hold a memoryview (~200 bytes) per document."""
    out = np.empty(count, dtype=dtype)
    it, at = iter(buffers), 0
    while parts := list(islice(it, 4096)):
        x = np.frombuffer(b"".join(parts), dtype=dtype)
        out[at : at + x.size] = x
        at += x.size
    return out


def _h64(s: str) -> bytes:
    return hashlib.blake2b(s.encode("utf-8", "surrogatepass"), digest_size=8).digest()


def _h32(s: str) -> int:
    return zlib.crc32(s.encode("utf-8", "surrogatepass"))


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
        """``array('Q')``: the n candidate lines' 64-bit hashes, then two words per line,
        ``start | end << 32`` and ``line | next_line_start << 32`` (24 bytes a line)."""
        digests, where = [], []
        seen_first = False
        starts = doc.line_starts
        size = len(doc.text)
        for ln in doc.lines:
            s = ln.text.strip()
            if not s:
                continue
            if not seen_first:  # titles repeat legitimately (copies, updates)
                seen_first = True
                continue
            if self.MIN_LEN <= len(s) <= self.MAX_LEN:
                nxt = starts[ln.index + 1] if ln.index + 1 < len(starts) else size
                if nxt > _M32:  # beyond 4 Gi characters: not representable, not checked
                    break
                digests.append(_h64(doc.norms[ln.index]))
                where += (ln.start | ln.end << 32, ln.index + 1 | nxt << 32)
        return array(_U64, b"".join(digests) + array(_U64, where).tobytes())

    def check_corpus(self, items):
        threshold = getattr(self.settings, "repeated_line_min_docs", 5)
        if len(items) < max(threshold, 1):  # (a pre-commit run never imports numpy)
            return
        t = _np()
        np = t.np
        sizes = [len(fp) // 3 for _, _, fp in items]
        h = _gather(np, (memoryview(fp)[:n] for (_, _, fp), n in zip(items, sizes)), t.u,
                    sum(sizes))
        if not h.size:
            return
        # Documents per line hash: in hash order (ties in document order), count the lines
        # that start a new (hash, document) pair in each run of equal hashes.
        order = np.argsort(h, kind="stable")
        hs = h[order]
        head = np.empty(h.size, dtype=bool)
        head[0] = True
        np.not_equal(hs[1:], hs[:-1], out=head[1:])
        del hs
        ds = np.repeat(np.arange(len(items), dtype=np.int32), sizes)[order]
        new_doc = head.copy()
        new_doc[1:] |= ds[1:] != ds[:-1]
        del ds
        starts = np.flatnonzero(head)
        del head
        per_run = np.bincount(np.searchsorted(starts, np.flatnonzero(new_doc), "right") - 1,
                              minlength=starts.size)
        del new_doc
        run_len = np.diff(np.append(starts, h.size))
        hot = per_run >= threshold
        flagged = order[np.repeat(hot, run_len)]
        counts = np.repeat(per_run[hot], run_len[hot])
        del order, starts, per_run, run_len, hot
        by_pos = np.argsort(flagged, kind="stable")  # back to document order
        flagged, counts = flagged[by_pos], counts[by_pos]
        offsets = np.concatenate(([0], np.cumsum(sizes)))
        # One message and one ``extra`` dict per count, shared by the findings that have it
        # (hundreds of thousands of findings in a large corpus; nothing changes them).
        shared = {}
        unsafe, title = Applicability.UNSAFE, "Remove the repeated line"
        for c in range(0, flagged.size, _BATCH):  # (Python lists of a batch at a time)
            at, cnt = flagged[c : c + _BATCH], counts[c : c + _BATCH]
            of = np.searchsorted(offsets, at, "right") - 1
            for d, k, n in zip(of.tolist(), (at - offsets[of]).tolist(), cnt.tolist()):
                path, record, fp = items[d]
                i = sizes[d] + 2 * k
                span, line = fp[i], fp[i + 1]
                start, nxt = span & _M32, line >> 32
                msg, extra = shared.get(n) or shared.setdefault(
                    n, (f"Line repeated in {n} documents of the corpus: site boilerplate",
                        {"documents": n}))
                fix = Fix(unsafe, title, (Edit(start, nxt, ""),))
                yield self.finding(path, record, msg, start, span >> 32, line & _M32, fix,
                                   extra)


class DuplicateDocument(_Base):
    code = "D201"
    name = "duplicate-document"
    what = ("A document that is an exact or near copy (estimated Jaccard similarity of its word "
            "5-grams of 0.8 or more) of an earlier document in the corpus.")
    why = "Duplicates skew statistics and training; keep one copy."
    example = "b.txt: near-duplicate (similarity 0.93) of a.txt"
    use_instead = "(drop or merge the later copy)"
    fix_safety = "No fix: which copy to keep is the curator's decision."
    THRESHOLD = 0.8
    # One-permutation MinHash: the 5-gram hashes fall into K bins by their top K_BITS bits; each
    # bin keeps the low 16 bits of its smallest hash (an empty bin takes the next full bin's,
    # "rotation" densification), so that two documents agree on a bin with probability equal to
    # their Jaccard similarity. 128 bins × 16 bits = 256 bytes; the estimate's standard error
    # is sqrt(J(1 - J) / 128), 0.035 at J = 0.8.
    K, K_BITS = 128, 7
    # LSH: 32 bands of 4 bins (4 × 16 bits, one 64-bit key); two documents become candidates
    # when a whole band agrees, which happens for Jaccard 0.8 with probability
    # 1 - (1 - 0.8**4)**32 > 0.9999999 (0.87 at 0.5, 0.23 at 0.3, 0.003 at 0.1). Candidates
    # are then verified on all 128 bins.
    BANDS, ROWS = 32, 4
    # In a band bucket shared by many documents, each document is paired with the first
    # BUCKET_FIRST members (the earliest copies) and the BUCKET_NEAR members before it only, so
    # a bucket of m documents costs O(m), not O(m²).
    BUCKET_FIRST = BUCKET_NEAR = 8
    _EXACT = 8  # bytes of the exact-duplicate hash at the head of the fingerprint
    _seen = 0  # documents fingerprinted by this process (see PURE_PYTHON_DOCUMENTS)

    def fingerprint(self, doc):
        """``bytes``: an 8-byte hash of the word sequence (exact duplicates), then the 128 bins
        of the 5-gram MinHash signature as 16-bit integers: 264 bytes."""
        self._seen += 1
        if self._seen <= PURE_PYTHON_DOCUMENTS and len(doc.text) <= _CHUNK:
            return _pure_fingerprint(doc.text, self)
        t = _np()
        np = t.np
        wh = _word_hashes(doc.text)
        exact = hashlib.blake2b(wh.tobytes(), digest_size=self._EXACT).digest()
        if wh.size >= 5:
            m = t.mul
            h = wh[:-4] * m[0]
            h += wh[1:-3] * m[1]
            h += wh[2:-2] * m[2]
            h += wh[3:-1] * m[3]
            h += wh[4:]
        else:  # fewer than five words: the words themselves are the one shingle
            h = (wh * t.mul[5 - wh.size :]).sum(keepdims=True)
        h = _fmix(h, t)
        h.sort()
        first = np.searchsorted(h, t.edges)  # first (smallest) hash of every bin
        sig = (h.take(first, mode="clip") & t.low16).astype(np.uint16)
        full = np.flatnonzero(np.diff(first, append=h.size))
        if full.size < self.K:  # an empty bin takes the next full bin's value, shifted
            src = full.take(np.searchsorted(full, t.bins), mode="wrap")
            sig = sig.take(src) + ((src - t.bins) * 0x9E37).astype(np.uint16)
        return exact + sig.tobytes()

    def check_corpus(self, items):
        n = len(items)
        if n < 2:
            return
        np = _np().np
        # One copy of all fingerprints (264 bytes a document); the signatures and their bands
        # are views into it.
        raw = np.frombuffer(b"".join(fp for _, _, fp in items), dtype=np.uint8)
        raw = raw.reshape(n, self._EXACT + 2 * self.K)
        exact = raw[:, : self._EXACT].view(np.uint64).ravel()
        sig = raw[:, self._EXACT :].view(np.uint16)
        # Exact duplicates point at the first document with the same words.
        order = np.argsort(exact, kind="stable")
        head = np.concatenate(([True], exact[order][1:] != exact[order][:-1]))
        first = np.empty(n, dtype=np.int64)
        first[order] = order[np.maximum.accumulate(np.where(head, np.arange(n), 0))]
        del order, head
        originals = np.flatnonzero(first == np.arange(n))
        # Verify each candidate pair on every bin; keep those at the threshold.
        need = math.ceil(self.THRESHOLD * self.K)  # bins that must agree: 103 of 128
        keep_i, keep_j, keep_a = [], [], []
        bands = raw[:, self._EXACT :].view(np.uint64)
        for later, earlier in self._candidates(np, bands, originals):
            for c in range(0, later.size, _BATCH // 8):  # 4 MB of signatures at a time
                i, j = later[c : c + _BATCH // 8], earlier[c : c + _BATCH // 8]
                agree = (sig[i] == sig[j]).sum(axis=1)
                ok = agree >= need
                keep_i.append(i[ok])
                keep_j.append(j[ok])
                keep_a.append(agree[ok])
        later, earlier, agree = (np.concatenate(x) if x else np.zeros(0, dtype=np.int64)
                                 for x in (keep_i, keep_j, keep_a))
        # In document order: a near copy of an earlier document that is itself no copy (the
        # most similar one; the earliest on a tie). Copies are never targets, so every later
        # copy of a story points at its first document.
        order = np.lexsort((earlier, -agree, later))
        dup = first != np.arange(n)
        near = {}
        for i, j, a in zip(later[order].tolist(), earlier[order].tolist(),
                           agree[order].tolist()):
            if i not in near and not dup[j]:
                near[i] = (j, a)
                dup[i] = True
        for i in np.flatnonzero(dup).tolist():
            path, record, _ = items[i]
            if i in near:
                j, a = near[i]
                sim = a / self.K
                yield self.finding(path, record, f"Near-duplicate (similarity {sim:.2f}) of "
                                   f"{_name(items[j])}",
                                   extra={"duplicate_of": _name(items[j]),
                                          "similarity": round(sim, 3)})
            else:
                j = int(first[i])
                yield self.finding(path, record, f"Exact duplicate of {_name(items[j])}",
                                   extra={"duplicate_of": _name(items[j]), "similarity": 1.0})

    def _candidates(self, np, bands, docs):
        """For each band, (later, earlier) document indices that agree on it (``bands``: one
        64-bit word per band, four 16-bit bins). A pair can come up in several bands."""
        if docs.size < 2:
            return
        n = docs.size
        for b in range(self.BANDS):
            key = bands[docs, b]
            order = np.argsort(key, kind="stable")  # ties keep document order
            key = key[order]
            same = np.flatnonzero(key[1:] == key[:-1]) + 1  # positions with an equal predecessor
            if not same.size:
                continue
            run = np.ones(n, dtype=bool)
            run[same] = False
            start = np.maximum.accumulate(np.where(run, np.arange(n), 0))
            got = []
            pos = same
            for d in range(1, self.BUCKET_NEAR + 1):  # the members just before
                pos = pos[pos - d >= start[pos]]
                if not pos.size:
                    break
                got.append(order[pos] * n + order[pos - d])
            big = same[same - start[same] > self.BUCKET_NEAR]
            for c in range(self.BUCKET_FIRST):  # and the first members of a big bucket
                big = big[start[big] + c < big - self.BUCKET_NEAR]
                if not big.size:
                    break
                got.append(order[big] * n + order[start[big] + c])
            later, earlier = np.divmod(_unique(np, np.concatenate(got)), n)
            yield docs[later], docs[earlier]


def _name(item) -> str:
    path, record, _ = item
    if record and record.get("line"):
        rid = record.get("id")
        return f"{path}:{record['line']}" + (f" [{rid}]" if rid is not None else "")
    return path


_NUMBER = regex.compile(r"\d[\d\s.,’'\u00a0\u202f]*\d|\d")
_NAME = regex.compile(r"(?<=[\p{Ll},;:»«\"“”(]\s{1,3}|[\p{Ll}]\s)\p{Lu}[\p{L}\-]{2,}")
_ANCHOR = regex.compile(rf"{_NUMBER.pattern}|{_NAME.pattern}")


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
    # Candidates: two documents are compared when they have MIN_MATCHED rare anchors in common,
    # or MIN_PAIRS rare anchor pairs (two anchors in a row, in that order). An anchor or a pair
    # is rare when at most MAX_DOCS_PER_ANCHOR documents hold it (exact copies of a text count
    # once, and are compared once). Years, round numbers, famous names and a site's footer in
    # every article say nothing about which story a document tells, so they never make two
    # documents candidates (they still count when a candidate pair is compared). The cap is a
    # fixed number, so that the work per document does not grow with the corpus; up to 500
    # documents it is the threshold the rule always had (max(50, 10 % of the documents)).
    # Pairs find the stories whose every anchor is common (two-digit numbers, the names of the
    # day) but whose sequence of anchors is not.
    MAX_DOCS_PER_ANCHOR = 50
    MIN_PAIRS = 3
    MAX_CANDIDATES = 20  # compared per document, those sharing the most rare keys first
    MAX_WALK = 4000  # postings visited per document, rarest keys first

    def fingerprint(self, doc):
        """``(language, array('I'))``: a 64-bit hash of the text (two words: exact copies),
        then 32-bit hashes of the anchors, in text order."""
        anchors = []
        for tok in _ANCHOR.findall(doc.text):
            if tok[0].isdigit():  # its digits (the rest are separators: spaces, dots, commas)
                digits = "".join(filter(str.isdigit, tok))
                if len(digits) >= 2:
                    anchors.append(_h32(digits))
            else:
                anchors.append(_h32(tok.casefold()))
        lang = doc.language
        anchors = array(_U32, _h64(doc.text) + array(_U32, anchors).tobytes())
        return (sys.intern(lang) if isinstance(lang, str) else lang), anchors

    def check_corpus(self, items):
        n = len(items)
        if n < 2:
            return
        np = _np().np
        langs = [fp[0] for _, _, fp in items]
        lang_ids = {}
        lang = np.array([lang_ids.setdefault(x, len(lang_ids)) for x in langs], dtype=np.uint64)
        # Exact copies of a text (same hash) form a group, with its first document at its head.
        text = _gather(np, (memoryview(fp[1])[:2] for _, _, fp in items), np.uint64, n)
        order = np.argsort(text, kind="stable")
        head = np.concatenate(([True], text[order][1:] != text[order][:-1]))
        copy_of = np.empty(n, dtype=np.int64)
        copy_of[order] = order[np.maximum.accumulate(np.where(head, np.arange(n), 0))]
        distinct = copy_of == np.arange(n)
        del text, order, head

        # Every anchor of every document (the largest arrays of the pass: handled in batches;
        # the document of each anchor is computed per batch, never for all of them at once).
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.fromiter((len(fp[1]) - 2 for _, _, fp in items), np.int64, n),
                  out=offsets[1:])
        a = _gather(np, (memoryview(fp[1])[2:] for _, _, fp in items), np.uint32,
                    int(offsets[-1]))

        def docs_of(c, size):  # ("right": a document without anchors owns none of them)
            return (np.searchsorted(offsets, np.arange(c, c + size), "right") - 1) \
                .astype(np.int32)

        # Only anchors seen in two or more languages are language-independent (names, numbers);
        # capitalised nouns of one language (German!) drop out here.
        batch = _BATCH * 16
        seen = [lang[:0]]
        for c in range(0, a.size, batch):
            x = a[c : c + batch]
            key = x.astype(np.uint64) << np.uint64(24)
            key |= lang[docs_of(c, x.size)]
            seen.append(_unique(np, key))
        anchor, nlang = _unique(np, _unique(np, np.concatenate(seen)) >> 24, counts=True)
        multi = anchor[nlang >= 2].astype(np.uint32)
        del seen, anchor, nlang
        keep = np.zeros(a.size, dtype=bool)
        if multi.size:
            for c in range(0, a.size, batch):
                x = a[c : c + batch]
                keep[c : c + x.size] = multi[np.searchsorted(multi, x).clip(0, multi.size - 1)] == x
        d = np.empty(int(keep.sum()), dtype=np.int32)
        at = 0
        for c in range(0, a.size, batch):
            got = docs_of(c, min(batch, a.size - c))[keep[c : c + batch]]
            d[at : at + got.size] = got
            at += got.size
        a = a[keep]
        if a.size:  # and a run of the same anchor counts once
            keep = np.ones(a.size, dtype=bool)
            keep[1:] = (a[1:] != a[:-1]) | (d[1:] != d[:-1])
            a, d = a[keep], d[keep]
        del keep, multi
        bounds = np.searchsorted(d, np.arange(n + 1)).tolist()

        # A group of copies is compared once, through its first document; anchor sequences
        # shorter than MIN_MATCHED can never match and are left out.
        long = np.diff(bounds) >= self.MIN_MATCHED
        rep = distinct & long
        members = {}
        for i in np.flatnonzero(~distinct & long).tolist():
            r = int(copy_of[i])
            members.setdefault(r, [r]).append(i)
        group_langs = {r: {langs[i] for i in m} for r, m in members.items()}
        del copy_of, long

        # Rare anchors and rare anchor pairs (a 32-bit hash of two anchors in a row), counted
        # over distinct texts; their occurrences in the groups compared.
        # (Each array is dropped as soon as it is used: this is the peak of the corpus pass.)
        on = distinct[d]
        ua, ud = a[on], d[on]
        del on, d
        occ = [self._rare(np, ua, ud, rep)]
        follows = np.flatnonzero(ud[1:] == ud[:-1])
        pa = ua[follows]
        pa *= np.uint32(0x9E3779B1)
        pa += ua[follows + 1]  # (mod 2**32)
        del ua
        pd = ud[follows + 1]
        del ud, follows
        occ.append(self._rare(np, pa, pd, rep))
        del pa, pd
        kd = np.concatenate([o[0] for o in occ])
        kk = np.concatenate([o[1].astype(np.uint64) | np.uint64(p << 32)
                             for p, o in enumerate(occ)])
        kc = np.concatenate([o[2] for o in occ])
        del occ
        # Postings: the groups holding each key, key by key, in document order. The earlier
        # documents of a key's occurrence are the postings before it: post[lo:hi].
        by_key = np.argsort(kk, kind="stable")  # (each part is in document order)
        post = kd[by_key]
        sk = kk[by_key]
        run = np.concatenate(([True], sk[1:] != sk[:-1]))
        lo = np.empty(kk.size, dtype=np.int64)
        lo[by_key] = np.maximum.accumulate(np.where(run, np.arange(kk.size), 0))
        hi = np.empty(kk.size, dtype=np.int64)
        hi[by_key] = np.arange(kk.size)
        del by_key, sk, run
        # Each group's keys, rarest first; only groups with enough of them walk their postings.
        order = np.argsort(kd.astype(np.int64) * (self.MAX_DOCS_PER_ANCHOR + 1) + kc,
                           kind="stable")
        kd, is_pair, lo, hi = kd[order], kk[order] >= 1 << 32, lo[order], hi[order]
        del kk, kc, order
        kbounds = np.searchsorted(kd, np.arange(n + 1)).tolist()
        walk = rep & ((np.bincount(kd[~is_pair], minlength=n) >= self.MIN_MATCHED)
                      | (np.bincount(kd[is_pair], minlength=n) >= self.MIN_PAIRS))
        del kd

        parent = list(range(n))

        def root(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        linked = set()
        for i in np.flatnonzero(walk).tolist():
            start, end = kbounds[i], kbounds[i + 1]
            singles, pairs = [], []
            budget = self.MAX_WALK
            for k0, k1, p in zip(lo[start:end].tolist(), hi[start:end].tolist(),
                                 is_pair[start:end].tolist()):
                if k1 > k0:
                    (pairs if p else singles).extend(post[k0 : min(k1, k0 + budget)].tolist())
                    budget -= k1 - k0
                    if budget <= 0:
                        break
            singles, pairs = Counter(singles), Counter(pairs)
            cands = {j: k + pairs[j] for j, k in singles.items() if k >= self.MIN_MATCHED}
            cands.update((j, k + singles[j]) for j, k in pairs.items() if k >= self.MIN_PAIRS)
            if not cands:
                continue
            li = group_langs.get(i, {langs[i]})
            seq = None
            for j in sorted(cands, key=lambda j: (-cands[j], j))[: self.MAX_CANDIDATES]:
                lj = group_langs.get(j, {langs[j]})
                if len(li) == len(lj) == 1 and li == lj:
                    continue  # one language on both sides: not a translation
                if seq is None:
                    seq = a[bounds[i] : bounds[i + 1]].tolist()
                sj = a[bounds[j] : bounds[j + 1]].tolist()
                sm = difflib.SequenceMatcher(None, seq, sj, autojunk=False)
                matched = sum(b.size for b in sm.get_matching_blocks())
                if matched >= self.MIN_MATCHED and matched / min(len(seq), len(sj)) >= \
                        self.THRESHOLD:
                    parent[root(i)] = root(j)
                    linked.update((i, j))
        # Copies join their first document's story; copies of one text under two language
        # labels are one story by themselves. Copies in one language that matched nothing are
        # only copies (D201's part).
        for r, m in members.items():
            if r in linked or len(group_langs[r]) > 1:
                for i in m[1:]:
                    parent[root(i)] = root(r)
        roots = [root(i) for i in range(n)]
        story = {r for r, k in Counter(roots).items() if k > 1}
        groups = defaultdict(list)  # in document order: the first member is the earliest
        for i, r in enumerate(roots):
            if r in story:
                groups[r].append(i)
        for m in groups.values():
            names = sorted({langs[i] or "?" for i in m})
            first = _name(items[m[0]])
            everyone = [_name(items[k]) for k in m]  # one list, shared by the group's findings
            message = (f"Same story as {first}: one story in {len(names)} languages "
                       f"({', '.join(names)}) across {len(m)} documents")
            for i in m[1:]:
                path, record, _ = items[i]
                yield self.finding(path, record, message,
                                   extra={"story": first, "members": everyone,
                                          "languages": names})

    def _rare(self, np, keys, docs, rep):
        """The occurrences (document, key, documents holding the key) of the keys held by 2 to
        MAX_DOCS_PER_ANCHOR documents, in the documents of ``rep``, in document order."""
        pairs = docs.astype(np.uint64)
        pairs <<= np.uint64(32)
        pairs |= keys
        pairs = _unique(np, pairs, sort=False)
        keys = (pairs & np.uint64(_M32)).astype(np.uint32)
        docs = (pairs >> np.uint64(32)).astype(np.int32)
        del pairs
        key, count = _unique(np, keys, counts=True)
        rare = (count >= 2) & (count <= self.MAX_DOCS_PER_ANCHOR)
        key, count = key[rare], count[rare]
        if not key.size:
            return docs[:0], keys[:0], count[:0]
        at = np.searchsorted(key, keys).clip(0, key.size - 1)
        hit = (key[at] == keys) & rep[docs]
        return docs[hit], keys[hit], count[at[hit]]


@hookimpl
def hygiene_register_rules(settings):
    return [RepeatedBoilerplateLine(settings), DuplicateDocument(settings),
            TranslatedCopy(settings)]
