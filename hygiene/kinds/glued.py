"""Kind ``glued``: link text fused with the next word when a scraper dropped the space.

``Vocativdeep web``, ``WDRberichtet``, ``Bankier.plpodał``: a token the language does not know
(wordfreq, through hygiene.wordlist) that splits into a name and a frequent word. Options per language:

- ``only_verbs``: the language writes compounds as one word (German, Dutch) or builds long
  words from suffixes (Turkish, and the inflections of Polish and Russian), so a capitalised
  name plus a frequent word is only taken when the word is one of ``verbs`` (the reporting verbs
  and particles that follow a cited source);
- ``verbs``: those verbs (in other languages, words taken however rare they are);
- ``min_zipf`` (default 4.0): how frequent the glued-on word must be;
- ``short``: words of one to three letters a link is often glued to (prepositions: ``Nature
  Energyon Monday``, ``Sensorsw marcu``); such a word is split off only when what stays before it
  is itself a known word (zipf ``short_min_zipf``, default 3.5, in the language or in English,
  since link text is often an English title);
- ``lowercase``: also look at lower-case tokens (``na stronie kołaod wczoraj``), only for the
  ``short`` words, and only when the rest is a frequent word of the language (zipf 4.0 or more)
  and another word follows on the line.

A token the document writes more than once is a compound name, not a lost space, and a token
on a line in another language (the original German title under a translated article:
``auf dritten Ausstand einstellen``) is a word of that language, not a lost space: a line is
taken as foreign when most of its lower-case words of four letters or more are rare or unknown
in the document's language.
"""

from __future__ import annotations

import regex

from ..model import Document, Edit
from ..wordlist import zipf
from .base import PackRule

_NAME_WORD = regex.compile(r"(?<![\w@#/.-])\p{Lu}\p{Ll}{6,}(?![\w'’-])")
_ACRONYM_WORD = regex.compile(r"(?<![\w@#/.-])(\p{Lu}{2,10})(\p{Ll}{2,})(?![\w'’-])")
_DOMAIN_WORD = regex.compile(
    r"(?<![\w@/-])([\w-]+\.(?:com|net|org|pl|de|fr|es|it|nl|ru|tr|pt|br|uk|eu|info))(\p{Ll}{3,})"
    r"(?![\w-])"
)

_LOWER_WORD = regex.compile(r"(?<![\w@#/.'’-])\p{Ll}{6,}(?![\w'’-])(?=[ \t]+\p{L})")
_LOWER_MIN_ZIPF = 4.0

_LOWER_WORDS = regex.compile(r"(?<![\w'’-])\p{Ll}{4,}(?![\w'’-])")
_FOREIGN_ZIPF = 3.0  # below it, a lower-case word is rare or unknown in the language

_DOMAIN_HINT = regex.compile(
    r"\.(?:com|net|org|pl|de|fr|es|it|nl|ru|tr|pt|br|uk|eu|info)\p{Ll}{3}")


class GluedRule(PackRule):
    KEYS = {"settings"}
    LANGUAGE_KEYS = ()

    @classmethod
    def languages_of(cls, data: dict) -> list[str]:
        return sorted((data.get("settings") or {}).keys())

    def __init__(self, meta, spec):
        super().__init__(meta, spec)
        self.settings = {}
        for lang, opts in (spec.data.get("settings") or {}).items():
            bad = set(opts) - {"only_verbs", "verbs", "min_zipf", "short", "short_min_zipf",
                               "lowercase"}
            if bad:
                raise spec.error(f"unknown setting {sorted(bad)[0]!r} for {lang}")
            self.settings[lang] = (
                bool(opts.get("only_verbs", False)),
                {v.casefold() for v in opts.get("verbs", [])},
                float(opts.get("min_zipf", 4.0)),
                sorted({w.casefold() for w in opts.get("short", [])}, key=len, reverse=True),
                float(opts.get("short_min_zipf", 3.5)),
                bool(opts.get("lowercase", False)),
            )

    def check(self, doc: Document):
        lang = doc.language or ""
        if lang not in self.settings:
            return
        text = doc.text
        cands = [(m, "name") for m in _NAME_WORD.finditer(text)]
        cands += [(m, "acronym") for m in _ACRONYM_WORD.finditer(text)]
        only_verbs, verbs, min_zipf, short, short_min, lowercase = self.settings[lang]
        if lowercase and short:
            cands += [(m, "lower") for m in _LOWER_WORD.finditer(text)]
        if _DOMAIN_HINT.search(text):  # the full pattern backtracks at every word; rarely needed
            cands += [(m, "domain") for m in _DOMAIN_WORD.finditer(text)]
        if not cands:
            return
        zipf_frequency = zipf

        seen = set()
        for m, shape in cands:
            tok = m.group()
            if m.start() in seen or _known(tok, lang, zipf_frequency):
                continue
            if shape == "name":
                split = self._split_name(tok, lang, zipf_frequency, only_verbs, verbs, min_zipf)
                if split is None and short:
                    split = _split_short(tok, lang, zipf_frequency, short, short_min, ("en",))
            elif shape == "lower":
                split = _split_short(tok, lang, zipf_frequency, short, _LOWER_MIN_ZIPF, ())
            else:
                word = m.group(2)
                ok = word.casefold() in verbs or zipf_frequency(word, lang) >= (
                    3.0 if shape == "acronym" else min_zipf
                )
                split = len(m.group(1)) if ok else None
            if split is None or _recurs(text, tok) \
                    or _foreign_line(text, m.start(), lang, zipf_frequency):
                continue
            seen.add(m.start())
            k = m.start() + split
            yield self.finding(
                doc, m.start(), m.end(),
                self.format(tok, name=tok[:split], word=tok[split:]),
                self.make_fix(Edit(k, k, " ")),
            )

    @staticmethod
    def _split_name(tok, lang, zipf, only_verbs, verbs, min_zipf) -> int | None:
        best, best_score = None, 0.0
        for i in range(3, len(tok) - 3):
            suffix = tok[i:].lower()
            if only_verbs:
                score = 9.0 if suffix in verbs else 0.0
            elif suffix in verbs:
                score = 9.0  # a reporting verb after a source, however rare the word
            else:
                score = zipf(suffix, lang) if len(suffix) >= 4 else 0.0
                if score < min_zipf:
                    continue
            if score > best_score:
                best, best_score = i, score
        return best


def _split_short(tok, lang, zipf, short, min_zipf, other_langs) -> int | None:
    """Where a short word (a preposition) glued to a known word begins, or None."""
    low = tok.lower()
    for word in short:
        k = len(tok) - len(word)
        if k < 4 or not low.endswith(word):
            continue
        head = low[:k]
        if max([zipf(head, lang)] + [zipf(head, o) for o in other_langs]) >= min_zipf:
            return k
    return None


def _recurs(text: str, tok: str) -> bool:
    """A lost space is a one-off accident; a token the document writes twice or more is a
    compound name (Harbourline, Ryanair)."""
    if text.count(tok) < 2:
        return False
    return len(regex.findall(r"(?<![\w-])" + regex.escape(tok) + r"(?![\w-])", text)) > 1


def _foreign_line(text: str, pos: int, lang: str, zipf) -> bool:
    """Whether the line around ``pos`` is written in another language: at least three of its
    lower-case words of four letters or more, and more than half of them, are rare or unknown
    in ``lang``."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    words = _LOWER_WORDS.findall(text, start, len(text) if end == -1 else end)
    rare = sum(1 for w in words if zipf(w, lang) < _FOREIGN_ZIPF)
    return rare >= 3 and rare * 2 > len(words)


def _known(tok: str, lang: str, zipf) -> bool:
    low = tok.lower()
    return zipf(low, lang) > 0 or zipf(low, "en") > 0
