"""Cheap tests that let a rule skip a document before any of its patterns runs.

Most rules find nothing in most documents. Each entry of a rule's phrase list or pattern list
yields a *needle*: a word (for phrases) or a literal string (for patterns) that every match of it
must contain. When a document holds none of a table's needles (a set lookup over its words, a
few substring tests over its casefolded text), the table's alternation is not run at all. A
needle is only ever a necessary condition, so skipping never changes what a rule finds.
"""

from __future__ import annotations

import regex

from ..model import Document

_WORDS = regex.compile(r"\w+")
_SPLIT_WILDCARDS = regex.compile(r"%(?:\d\$)?[sd]|\{[a-z_]+\}")


class Needles:
    """Per language: words a phrase match contains, strings a pattern match contains."""

    __slots__ = ("words", "strings", "ids")

    def __init__(self, words=(), strings=()):
        self.words = frozenset(words)
        self.strings = tuple(sorted(set(strings), key=len, reverse=True))
        self.ids = STRINGS.register(self.strings)

    def found_in(self, doc: Document) -> bool:
        if no_shortcut(doc):
            return True
        if self.words and not self.words.isdisjoint(doc_words(doc)):
            return True
        return bool(self.ids) and not self.ids.isdisjoint(STRINGS.found(doc))


class StringIndex:
    """Every string needle of every table, found in a document in one pass (Aho-Corasick, when
    pyahocorasick is installed): testing them one by one with ``in`` cost more than some of
    the patterns they guard."""

    def __init__(self):
        self.ids: dict[str, int] = {}
        self.version = 0
        self._automaton = None

    def register(self, strings) -> frozenset[int]:
        new = [s for s in strings if s not in self.ids]
        for s in new:
            self.ids[s] = len(self.ids)
        if new:
            self.version += 1  # tables build their needles lazily: rebuild on next use
            self._automaton = None
        return frozenset(self.ids[s] for s in strings)

    def found(self, doc: Document) -> set[int]:
        got = doc.cache.get("strings")
        if got is None or got[0] != self.version:
            got = doc.cache["strings"] = (self.version, self._scan(doc_folded(doc)))
        return got[1]

    def _scan(self, folded: str) -> set[int]:
        if self._automaton is None:
            self._automaton = self._build()
        automaton, singles = self._automaton
        # One-character needles (":", "%") would match all over the text: a set of characters
        # answers them.
        chars = set(folded)
        found = {i for c, i in singles if c in chars}
        if automaton is False:  # no pyahocorasick: one substring test per needle
            return found | {i for s, i in self.ids.items() if len(s) > 1 and s in folded}
        if automaton is not None:
            found.update(i for _, i in automaton.iter(folded))
        return found

    def _build(self):
        singles = [(s, i) for s, i in self.ids.items() if len(s) == 1]
        longer = [(s, i) for s, i in self.ids.items() if len(s) > 1]
        try:
            import ahocorasick
        except ImportError:
            return False, singles
        if not longer:
            return None, singles
        a = ahocorasick.Automaton()
        for s, i in longer:
            a.add_word(s, i)
        a.make_automaton()
        return a, singles


STRINGS = StringIndex()


def phrase_needle(phrase: str, edges: tuple[bool, bool]) -> str | None:
    """The longest word of ``phrase`` that any match must contain as a whole word (casefolded),
    or None. A word next to a wildcard or at an edge without a word boundary may be glued to
    other letters in the text, so it does not count."""
    parts = _SPLIT_WILDCARDS.split(phrase)
    best = None
    for k, part in enumerate(parts):
        for m in _WORDS.finditer(part):
            left = m.start() > 0 or (k == 0 and edges[0])
            right = m.end() < len(part) or (k == len(parts) - 1 and edges[1])
            if left and right and (best is None or len(m.group()) > len(best)):
                best = m.group()
    return best.casefold() if best else None


def pattern_needles(pattern: str) -> frozenset[str] | None:
    """Strings (casefolded) of which every match of ``pattern`` contains at least one, or None
    when the pattern has no such literal or uses syntax only the ``regex`` module knows.

    Parsing every pattern of a language took a fifth of a one-file run, so results are kept
    in the cache directory, keyed by the pattern's text."""
    cache = NEEDLE_CACHE.load()
    try:
        return cache[pattern]
    except KeyError:
        got = _analyse(pattern)
        NEEDLE_CACHE.add(pattern, got)
        return got


def _analyse(pattern: str) -> frozenset[str] | None:
    import warnings

    try:
        from re import _parser as parser
    except ImportError:  # pragma: no cover - Python < 3.11
        import sre_parse as parser  # type: ignore[no-redef]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = parser.parse(_for_re(pattern))
    except Exception:  # \p{..}, named lists, …: no prefilter, the pattern always runs
        return None
    got = _required(list(tree), parser)
    return None if got is None else frozenset(got)


class NeedleCache:
    """``{pattern: needles}`` read from the cache directory once per process; what a run adds
    is written back when the process exits (whole or not at all; the last writer wins).
    VERSION changes whenever the analysis above does, so stale answers are never read."""

    VERSION = 1

    def __init__(self):
        self.entries: dict[str, frozenset[str] | None] | None = None
        self.dirty = False

    def path(self):
        import sys

        from ..wordlist import cache_dir

        v = sys.version_info  # re's parser differs between Python versions
        return cache_dir() / f"needles-{self.VERSION}-py{v.major}{v.minor}.pickle"

    def load(self) -> dict:
        if self.entries is None:
            import pickle

            try:
                got = pickle.loads(self.path().read_bytes())
                self.entries = got if isinstance(got, dict) else {}
            except Exception:  # missing, unreadable, truncated: analyse again
                self.entries = {}
        return self.entries

    def add(self, pattern: str, needles) -> None:
        self.entries[pattern] = needles
        if not self.dirty:
            import atexit

            self.dirty = True
            atexit.register(self.save)

    def save(self) -> None:
        import pickle

        from ..wordlist import write_cache_file

        if not self.dirty:
            return
        try:
            write_cache_file(self.path(), pickle.dumps(self.entries, pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a read-only home: the next run analyses again
        self.dirty = False


NEEDLE_CACHE = NeedleCache()


# Syntax only the regex module knows, replaced by something ``re`` parses that requires no more
# literal text (a property class becomes "any character"; inside [...] a literal dot), so the
# needles found for the stand-in are needles of the original too.
_REGEX_ONLY = regex.compile(r"(\\[pP]\{[^}]*\}|\\[pP][A-Za-z]|\\X)|(\\[mM])|\\.", regex.S)


def _for_re(pattern: str) -> str:
    # Any other escape pair is kept as it is, so "\\p{L}" (a backslash, then "p{L}") stays.
    return _REGEX_ONLY.sub(lambda m: "." if m.group(1) else "" if m.group(2) else m.group(),
                           pattern)


def _useful(s: str) -> bool:
    return len(s) >= 2 or (len(s) == 1 and not s.isalnum() and not s.isspace())


def _required(items, p) -> set[str] | None:
    """Best any-of set for a sequence of parsed items."""
    options: list[set[str]] = []
    run: list[str] = []

    def close():
        if run and _useful("".join(run)):
            options.append({"".join(run).casefold()})
        run.clear()

    for op, av in items:
        if op is p.LITERAL:
            run.append(chr(av))
            continue
        close()
        if op is p.SUBPATTERN:
            got = _required(list(av[-1]), p)
        elif op in (p.MAX_REPEAT, p.MIN_REPEAT, getattr(p, "POSSESSIVE_REPEAT", None)) \
                and av[0] >= 1:
            got = _required(list(av[2]), p)
        elif op is getattr(p, "ATOMIC_GROUP", None):
            got = _required(list(av), p)
        elif op is p.BRANCH:
            got = set()
            for alt in av[1]:
                sub = _required(list(alt), p)
                if sub is None:
                    got = None
                    break
                got |= sub
        else:
            got = None
        if got:
            options.append(got)
    close()
    if not options:
        return None
    return max(options, key=lambda opt: (min(len(s) for s in opt), -len(opt)))


def no_shortcut(doc: Document) -> bool:
    """True when casefolding could split a word the patterns' case-insensitive matching keeps
    whole (Turkish dotted capital I): then needles prove nothing. Checked once per document."""
    got = doc.cache.get("no_shortcut")
    if got is None:
        got = doc.cache["no_shortcut"] = "\u0130" in doc.text
    return got


def doc_words(doc: Document) -> frozenset[str]:
    got = doc.cache.get("words")
    if got is None:
        got = doc.cache["words"] = frozenset(_WORDS.findall(doc_folded(doc)))
    return got


def doc_folded(doc: Document) -> str:
    got = doc.cache.get("folded")
    if got is None:
        got = doc.cache["folded"] = doc.text.casefold()
    return got
