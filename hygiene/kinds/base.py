"""What every pack-defined rule shares: per-language matchers, messages, fix applicability."""

from __future__ import annotations

import regex

from ..model import Applicability, Document, Edit, Fix, RuleMeta
from ..packs import RuleSpec
from ..rule import Rule
from ..textutil import has_wildcard, norm_phrase, phrase_to_pattern
from .prefilter import STRINGS, Needles, doc_words, no_shortcut, pattern_needles, phrase_needle

# How many documents a table serves with an alternation of only their entries before it
# compiles its whole alternation (LazyTable.for_lines).
SUBSET_COMPILES = 8

# Pack patterns run with a time limit so a user pattern that backtracks cannot hang a run.
MATCH_TIMEOUT = 1.0


class PatternTimeout(Exception):
    """A pattern that ran longer than MATCH_TIMEOUT on a document (catastrophic backtracking);
    the engine reports it against the rule and the document, and the run goes on."""

    def __str__(self) -> str:
        return (f"a pattern took longer than {MATCH_TIMEOUT:g} s (catastrophic backtracking?); "
                "rule skipped for this document")


def per_language(spec: RuleSpec, key: str) -> dict[str, list[str]]:
    """``{lang: [str]}`` from a table, or ``{"*": [...]}`` from a plain list."""
    value = spec.data.get(key)
    if value is None:
        return {}
    if isinstance(value, list):
        value = {"*": value}
    if not isinstance(value, dict) or not all(
        isinstance(v, list) and all(isinstance(s, str) for s in v) for v in value.values()
    ):
        raise spec.error(f"{key!r} must be a list of strings or a table of lists per language")
    return value


def exact_phrases(spec: RuleSpec, key: str) -> PerLanguage:
    """Normalised whole-line phrases without wildcards, per language, for set lookup; each
    language normalised on first use (doing all ten at start-up took a tenth of a pre-commit
    run)."""
    return PerLanguage(per_language(spec, key), _normalised)


def _normalised(phrases: list[str]) -> set[str]:
    return {k for p in phrases if not has_wildcard(p) and (k := norm_phrase(p))}


class PerLanguage:
    """``{lang: value}`` built from ``sources[lang]`` by ``build`` the first time a document of
    that language asks (a pre-commit run on French files builds French only)."""

    def __init__(self, sources: dict, build):
        self.sources = sources
        self.build = build
        self.done: dict = {}

    def get(self, lang: str, default=None):
        if lang not in self.sources:
            return default
        if lang not in self.done:
            self.done[lang] = self.build(self.sources[lang])
        return self.done[lang]

    def __bool__(self) -> bool:
        return bool(self.sources)


def compile_unless(spec, key: str = "unless") -> dict:
    """``unless``: patterns (a list, or a table of lists per language) for lines that look like
    the rule's artefact but belong to another one (a Blogger byline "Publié par X à 18:42" is
    not a theme's "Publié par" label). A line whose stripped text wholly matches one is left
    alone."""
    out = {}
    for lang, pats in per_language(spec, key).items():
        if not pats:
            continue
        try:
            out[lang] = regex.compile("|".join(f"(?:{p})" for p in pats),
                                      regex.IGNORECASE | regex.V0)
        except regex.error as exc:
            raise spec.error(f"invalid {key} pattern: {exc}") from None
    return out


def excepted(unless: dict, doc: Document, text: str) -> bool:
    """Whether the line is one the rule's ``unless`` patterns leave alone."""
    if not unless:
        return False
    s = text.strip()
    for lang in (doc.language or "", "*"):
        pat = unless.get(lang)
        if pat is not None and pat.fullmatch(s) is not None:
            return True
    return False


def norm_lines(doc: Document) -> list[str]:
    got = doc.cache.get("norm_lines")
    if got is None:
        got = doc.cache["norm_lines"] = [norm_phrase(ln.text) if not ln.blank else ""
                                         for ln in doc.lines]
    return got


def line_hits(doc: Document, exact: dict, table: LazyTable, max_len: int | None = None,
              anchored: bool = True) -> dict[int, object]:
    """Indices of the lines that are a phrase (set lookup) or match the table's whole-line
    patterns, with the match object where there is one. Lines whose stripped text is longer
    than ``max_len`` are skipped before any pattern runs."""
    lang = doc.language or ""
    hits: dict[int, object] = {}
    sets = [s for s in (exact.get(lang), exact.get("*")) if s]
    if sets:
        for i, key in enumerate(norm_lines(doc)):
            if key and any(key in s for s in sets):
                hits[i] = None
    pats = [p for p in (table.for_lines(doc, lang), table.for_lines(doc, "*")) if p is not None]
    if not pats:
        return hits
    # Each line on its own: an anchored pattern is tried at the line start only, which is
    # several times faster than scanning the whole text, and \s cannot run across lines.
    lines = nonblank_lines(doc)
    for pat in pats:
        for i, s, size in lines:
            if i in hits or (max_len is not None and size > max_len):
                continue
            m = first_match(pat, s, anchored, table.timeout)
            if m is not None:
                hits[i] = m
    return hits


def nonblank_lines(doc: Document) -> list[tuple[int, str, int]]:
    """(index, text, stripped length) of each non-blank line, computed once per document."""
    got = doc.cache.get("nonblank")
    if got is None:
        got = doc.cache["nonblank"] = [
            (ln.index, ln.text, n) for ln in doc.lines if (n := len(ln.text.strip()))
        ]
    return got


class PackRule(Rule):
    KEYS: set[str] = set()

    def __init__(self, meta: RuleMeta, spec: RuleSpec):
        self.meta = meta
        self.spec = spec
        self.message = spec.data["message"]
        self.fix_message = spec.data.get("fix_message", "Remove it")
        fix = spec.data.get("fix", "none")
        self.applicability = None if fix == "none" else Applicability(fix)

    @classmethod
    def languages_of(cls, data: dict) -> list[str]:
        langs: set[str] = set()
        for key in cls.LANGUAGE_KEYS:
            v = data.get(key)
            if isinstance(v, dict):
                langs.update(v)
            elif isinstance(v, list):
                langs.add("*")
        return sorted(langs)

    LANGUAGE_KEYS: tuple[str, ...] = ("phrases", "patterns")

    def compile(self, key_phrases: str, key_patterns: str, bounded: bool = True,
                wrap: str = "{}", flags: int = regex.IGNORECASE, skip=None,
                edges: tuple[bool, bool] = (False, False)) -> LazyTable:
        """One alternation per language (``"*"`` applies to all), compiled on first use.

        Compiling every language's phrase lists up front would cost a second at start-up; a
        pre-commit run on a few French files only ever compiles French and ``"*"``.
        ``edges`` says whether ``wrap`` puts a word boundary before and after an unbounded
        phrase; the prefilter needs it to know which of a phrase's words stand alone.
        """
        phrases = per_language(self.spec, key_phrases)
        patterns = per_language(self.spec, key_patterns)
        entries: dict[str, list[tuple[bool, str]]] = {}  # (is_pattern, text) per language
        for lang, items in phrases.items():
            entries[lang] = [(False, p) for p in items]
        for lang, items in patterns.items():
            for p in items:
                if self.meta.origin != "builtin":  # user packs: fail at load, naming the line
                    try:
                        regex.compile(p)
                    except regex.error as exc:
                        raise self.spec.error(f"invalid pattern {p!r}: {exc}") from None
                entries.setdefault(lang, []).append((True, p))
        return LazyTable(entries, wrap, flags, self.spec, (True, True) if bounded else edges,
                         bounded, skip,
                         # Built-in patterns are reviewed and fuzzed; only user packs pay for
                         # the backtracking guard.
                         None if self.meta.origin == "builtin" else MATCH_TIMEOUT)

    def prepare_language(self, language: str) -> None:
        # Every table's needles for the language before the first document: each table that
        # adds needles later makes the shared string automaton rebuild.
        for table in vars(self).values():
            if isinstance(table, LazyTable):
                for lang in (language, "*"):
                    if lang in table:
                        table.needles(lang)

    def matcher_for(self, table: LazyTable, doc: Document):
        return table.for_doc(doc, doc.language or ""), table.for_doc(doc, "*")

    def make_fix(self, *edits: Edit) -> Fix | None:
        if self.applicability is None or not edits:
            return None
        return Fix(self.applicability, self.fix_message, tuple(edits))

    def format(self, match: str, **kw) -> str:
        short = " ".join(match.split())
        if len(short) > 60:
            short = short[:57] + "…"
        try:
            return self.message.format(match=short, **kw)
        except (KeyError, IndexError, ValueError):
            return self.message


class LazyTable:
    """Per-language phrase and pattern lists, turned into one alternation (and its prefilter
    needles) when a document of that language first needs them: a pre-commit run on a few
    French files never builds the other languages."""

    def __init__(self, entries: dict[str, list[tuple[bool, str]]], wrap: str, flags: int,
                 spec: RuleSpec, edges: tuple[bool, bool] = (True, True), bounded: bool = True,
                 skip: PerLanguage | None = None, timeout: float | None = MATCH_TIMEOUT):
        self.entries = entries
        self.skip = skip  # phrases already looked up as whole lines need no pattern
        self.wrap = wrap
        self.flags = flags
        self.spec = spec
        self.edges = edges
        self.bounded = bounded
        self.timeout = timeout
        self._compiled: dict[str, regex.Pattern | None] = {}
        self._needles: dict[str, Needles | None] = {}
        self._order: dict[str, list] = {}
        self._single: dict[tuple[str, int], regex.Pattern] = {}
        self._subsets: dict[tuple, regex.Pattern | None] = {}
        self._subset_count: dict[str, int] = {}

    def __contains__(self, lang: str) -> bool:
        return lang in self.entries

    def __bool__(self) -> bool:
        return bool(self.entries)

    def for_doc(self, doc: Document, lang: str) -> regex.Pattern | None:
        """The language's pattern, or None when the document lacks every needle: most rules
        find nothing in most documents, and a set lookup is far cheaper than running an
        alternation of hundreds of phrases over the text."""
        return self.get(lang) if self._may_match(doc, lang) else None

    def _may_match(self, doc: Document, lang: str) -> bool:
        if lang not in self.entries:
            return False
        needles = self.needles(lang)
        return needles is None or needles.found_in(doc)

    def for_lines(self, doc: Document, lang: str) -> regex.Pattern | None:
        """``for_doc`` for the per-line matching of line and block rules. The first documents
        get an alternation of only the entries that can match them (their needle is in the
        document, or they have none): it finds exactly what the whole alternation finds, and
        compiling a few entries instead of hundreds saves a fifth of a one-file run's check. After
        SUBSET_COMPILES documents the whole alternation is compiled once and used from then
        on, so a large run compiles little more than before."""
        if not self._may_match(doc, lang):
            return None
        if lang in self._compiled or self._subset_count.get(lang, 0) >= SUBSET_COMPILES:
            return self.get(lang)
        entries = self._ordered(lang)
        keep = self._present(doc, entries)
        if keep is None or len(keep) == len(entries):
            return self.get(lang)
        key = (lang, keep)
        pat = self._subsets.get(key)
        if pat is None:
            self._subset_count[lang] = self._subset_count.get(lang, 0) + 1
            pat = self._subsets[key] = self._compile(
                lang, "|".join(f"(?:{entries[k][0]})" for k in keep)) if keep else None
        return pat

    @staticmethod
    def _present(doc: Document, entries) -> tuple[int, ...] | None:
        """Indices of the entries whose needle the document holds or that have none; None
        when needles prove nothing for this document (Turkish dotted capital I)."""
        if no_shortcut(doc):
            return None
        words = doc_words(doc)
        strings = STRINGS.found(doc)
        ids = STRINGS.ids
        return tuple(k for k, (_, needle) in enumerate(entries)
                     if needle is None or (needle in words if isinstance(needle, str)
                                           else any(ids.get(n) in strings for n in needle)))

    def needles(self, lang: str) -> Needles | None:
        """What every match must contain (None: some entry has no such needle)."""
        if lang not in self._needles:
            words: set[str] = set()
            strings: set[str] = set()
            complete = True
            for _, found in self._ordered(lang):
                if found is None:
                    complete = False
                elif isinstance(found, str):
                    words.add(found)
                else:
                    strings.update(found)
            # Built (and its strings registered for the document scan) even when incomplete:
            # for_lines tests each entry's needle on its own.
            needles = Needles(words, strings)
            self._needles[lang] = needles if complete else None
        return self._needles[lang]

    def get(self, lang: str) -> regex.Pattern | None:
        if lang not in self._compiled:
            pats = [src for src, _ in self._ordered(lang)]
            self._compiled[lang] = self._compile(lang, "|".join(f"(?:{p})" for p in pats)) \
                if pats else None
        return self._compiled[lang]

    def _compile(self, lang: str, src: str) -> regex.Pattern:
        try:
            return regex.compile(self.wrap.replace("{}", f"(?:{src})"), self.flags | regex.V0)
        except regex.error as exc:
            raise self.spec.error(f"invalid pattern for {lang}: {exc}") from None

    def _ordered(self, lang: str) -> list[tuple[str, object]]:
        """(regex source, needle) of each entry, in alternation order: longest first, so the
        alternation prefers the fullest phrase."""
        got = self._order.get(lang)
        if got is None:
            by_src: dict[str, object] = {}
            for is_pattern, text in self._entries(lang):
                src = text if is_pattern else self._phrase(text)
                if src not in by_src:
                    by_src[src] = (pattern_needles(text) if is_pattern
                                   else phrase_needle(text, self.edges))
            got = self._order[lang] = sorted(by_src.items(), key=lambda kv: len(kv[0]),
                                             reverse=True)
        return got

    def find_all(self, doc: Document, lang: str) -> list:
        """The matches ``finditer`` of the language's alternation would give, found by running
        only the entries whose needle the document holds: an alternation of sixty phrases
        scans a text ten times slower than the two or three that can match. Groups are those
        of each entry alone (callers that need the alternation's numbering use ``for_doc``)."""
        if lang not in self.entries:
            return []
        needles = self.needles(lang)
        if needles is None:
            pat = self.get(lang)
            return search_all(pat, doc.text, timeout=self.timeout) if pat else []
        if not needles.found_in(doc):
            return []
        entries = self._ordered(lang)
        keep = self._present(doc, entries)
        hits = []
        for k in range(len(entries)) if keep is None else keep:
            src = entries[k][0]
            pat = self._single.get((lang, k))
            if pat is None:
                pat = self._single[(lang, k)] = self._compile(lang, src)
            hits.extend((m.start(), k, m) for m in search_all(pat, doc.text,
                                                              timeout=self.timeout))
        hits.sort(key=lambda h: (h[0], h[1]))
        out, end = [], -1
        for start, _, m in hits:  # leftmost first, then the earlier alternative, no overlaps
            if start >= end:
                out.append(m)
                end = max(m.end(), start + 1)
        return out

    def _entries(self, lang: str) -> list[tuple[bool, str]]:
        got = self.entries.get(lang, [])
        exact = self.skip.get(lang) if self.skip else None
        if exact:
            got = [(pat, t) for pat, t in got if pat or norm_phrase(t) not in exact]
        return got

    def _phrase(self, p: str) -> str:
        pat = phrase_to_pattern(p)
        if self.bounded and (p[:1].isalnum() or p[-1:].isalnum()):
            return rf"(?<!\w){pat}(?!\w)"
        return pat


def first_match(pattern: regex.Pattern, text: str, anchored: bool = False,
                timeout: float | None = MATCH_TIMEOUT):
    """The first match in ``text`` (at its start only when ``anchored``), or None."""
    find = pattern.match if anchored else pattern.search
    if timeout is None:  # the timeout argument alone costs ~3 µs a call, ten times a match
        return find(text)
    try:
        return find(text, timeout=timeout)
    except TimeoutError:
        raise PatternTimeout() from None


def search_all(pattern: regex.Pattern, text: str, pos: int = 0, endpos: int | None = None,
               timeout: float | None = MATCH_TIMEOUT):
    endpos = endpos if endpos is not None else len(text)
    if timeout is None:
        return list(pattern.finditer(text, pos, endpos))
    try:
        return list(pattern.finditer(text, pos, endpos, timeout=timeout))
    except TimeoutError:
        raise PatternTimeout() from None
