"""What every pack-defined rule shares: per-language matchers, messages, fix applicability."""

from __future__ import annotations

import regex

from ..model import Applicability, Document, Edit, Fix, RuleMeta
from ..packs import RuleSpec
from ..rule import Rule
from ..textutil import has_wildcard, norm_phrase, phrase_to_pattern

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


def exact_phrases(spec: RuleSpec, key: str) -> dict[str, set[str]]:
    """Normalised whole-line phrases without wildcards, per language, for set lookup."""
    return {
        lang: {norm_phrase(p) for p in items if not has_wildcard(p) and norm_phrase(p)}
        for lang, items in per_language(spec, key).items()
    }


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
    pats = [p for p in (table.get(lang), table.get("*")) if p is not None]
    if not pats:
        return hits
    # Each line on its own: an anchored pattern is tried at the line start only, which is
    # several times faster than scanning the whole text, and \s cannot run across lines.
    for ln in doc.lines:
        s = ln.text
        if ln.blank or ln.index in hits or (
            max_len is not None and len(s) > max_len and len(s.strip()) > max_len
        ):
            continue
        for pat in pats:
            m = first_match(pat, s, anchored)
            if m is not None:
                hits[ln.index] = m
                break
    return hits


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
                wrap: str = "{}", flags: int = regex.IGNORECASE, skip=None) -> LazyTable:
        """One alternation per language (``"*"`` applies to all), compiled on first use.

        Compiling every language's phrase lists up front would cost a second at start-up; a
        pre-commit run on a few French files only ever compiles French and ``"*"``.
        """
        phrases = per_language(self.spec, key_phrases)
        patterns = per_language(self.spec, key_patterns)
        table: dict[str, list[str]] = {}
        for lang, items in phrases.items():
            for p in items:
                if skip and norm_phrase(p) in skip.get(lang, ()):
                    continue
                pat = phrase_to_pattern(p)
                if bounded:
                    pat = rf"(?<!\w){pat}(?!\w)" if p[:1].isalnum() or p[-1:].isalnum() else pat
                table.setdefault(lang, []).append(pat)
        for lang, items in patterns.items():
            for p in items:
                if self.meta.origin != "builtin":  # user packs: fail at load, naming the line
                    try:
                        regex.compile(p)
                    except regex.error as exc:
                        raise self.spec.error(f"invalid pattern {p!r}: {exc}") from None
                table.setdefault(lang, []).append(p)
        return LazyTable({lang: _alternation(pats) for lang, pats in table.items()}, wrap, flags,
                         self.spec)

    def matcher_for(self, table: LazyTable, doc: Document):
        return table.get(doc.language or ""), table.get("*")

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


def _alternation(patterns: list[str]) -> str:
    # Longest first so the alternation prefers the fullest phrase.
    pats = sorted(set(patterns), key=len, reverse=True)
    return "|".join(f"(?:{p})" for p in pats)


class LazyTable:
    """Per-language regex sources, each compiled (once) when a document needs it."""

    def __init__(self, sources: dict[str, str], wrap: str, flags: int, spec: RuleSpec):
        self.sources = sources
        self.wrap = wrap
        self.flags = flags
        self.spec = spec
        self._compiled: dict[str, regex.Pattern | None] = {}

    def __contains__(self, lang: str) -> bool:
        return lang in self.sources

    def __bool__(self) -> bool:
        return bool(self.sources)

    def get(self, lang: str) -> regex.Pattern | None:
        if lang not in self._compiled:
            src = self.sources.get(lang)
            try:
                self._compiled[lang] = None if src is None else regex.compile(
                    self.wrap.replace("{}", f"(?:{src})"), self.flags | regex.V0
                )
            except regex.error as exc:
                raise self.spec.error(f"invalid pattern for {lang}: {exc}") from None
        return self._compiled[lang]


def first_match(pattern: regex.Pattern, text: str, anchored: bool = False):
    """The first match in ``text`` (at its start only when ``anchored``), or None."""
    try:
        if anchored:
            return pattern.match(text, timeout=MATCH_TIMEOUT)
        return pattern.search(text, timeout=MATCH_TIMEOUT)
    except TimeoutError:
        raise PatternTimeout() from None


def search_all(pattern: regex.Pattern, text: str, pos: int = 0, endpos: int | None = None):
    try:
        return list(
            pattern.finditer(text, pos, endpos if endpos is not None else len(text),
                             timeout=MATCH_TIMEOUT)
        )
    except TimeoutError:
        raise PatternTimeout() from None
