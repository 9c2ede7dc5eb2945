"""Short stand-alone lines in another language than the article: stray media titles."""

from __future__ import annotations

import regex

from .. import hookimpl
from ..model import Applicability, Document, Severity
from ..textutil import ends_sentence, first_nonblank, line_deletion
from .base import BuiltinRule

_WORD = regex.compile(r"\p{L}[\p{L}'’]*")
# Template or markup syntax (PHP, Jinja/Liquid, shortcodes, Drupal tokens, ${…}): the words of
# a leaked template tag are code, not a caption in another language (placeholder rules own it).
_MARKUP = regex.compile(r"<\?|\?>|\{\{|\}\}|\{%|%\}|<%|%>|\$\{|#\{|\$\w|</?[A-Za-z][^>]*>"
                        r"|\[/?[a-z][\w\-]*(?:[:\s=][^\]]*)?\]")
# Languages a stray caption is most often in; the body's own language is always compared too.
CAPTION_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "tr")


class ForeignLanguageLine(BuiltinRule):
    code = "C301"
    name = "foreign-language-line"
    family = "caption"
    severity = Severity.WARNING
    languages = CAPTION_LANGUAGES
    what = ("A short line (no final full stop) standing alone or at the top of the article, whose "
            "words belong to another language than the article's: the title of an embedded "
            "video or picture.")
    why = ("Embedded media keep their original title; scraped into a translated or foreign "
           "article it is an orphan line in the wrong language.")
    fix_safety = ("Unsafe: the language of a short line is a guess from word frequencies "
                  "(wordfreq), and a quoted title in another language can be real content.")
    examples = [
        {"lang": "nl", "text": "Warmtepompen besparen gas\n\nHow does a hybrid heat pump work?\n\n"
         "De meting loopt sinds januari in tweehonderd woningen in Utrecht en Zwolle.",
         "flag": True, "fixed": "Warmtepompen besparen gas\n\nDe meting loopt sinds januari in "
         "tweehonderd woningen in Utrecht en Zwolle."},
        {"lang": "ru", "text": "Shell продаёт долю\n\nShell exits Sakhalin-2 LNG project\n\n"
         "Компания объявила о сделке в понедельник вечером.", "flag": True},
        {"lang": "fr", "text": "Le Tour de France\n\nLes coureurs partent de Lille\n\n"
         "Le départ est donné lundi matin devant la mairie.", "flag": False},
        {"lang": "en", "text": "Budget day\n\nThe council meets at noon\n\nIt will vote on "
         "the plan for new bus lanes and a cheaper fare.", "flag": False},
    ]
    MIN_WORDS, MAX_WORDS, MAX_LEN = 3, 14, 120
    detector = None  # set by the linter: the pack-defined language profiles

    def check(self, doc: Document):
        lang = doc.language
        if lang not in CAPTION_LANGUAGES:
            return
        title = first_nonblank(doc)
        head = {ln.index for ln in [x for x in doc.lines if not x.blank][:6]}
        cands = []
        for ln in doc.lines:
            s = ln.text.strip()
            if not s or (title is not None and ln.index == title.index) or len(s) > self.MAX_LEN:
                continue
            if s.startswith("<!--") or _MARKUP.search(s):  # markup or a template tag
                continue
            if ends_sentence(s) and not s.endswith("?"):
                continue
            if ln.index not in head and not _standalone(doc, ln):
                continue
            words = _WORD.findall(s)
            if self.MIN_WORDS <= len(words) <= self.MAX_WORDS:
                cands.append((ln, words))
        if not cands:
            return
        from ..wordlist import zipf as zipf_frequency

        for ln, words in cands:
            # Compare with English (the usual language of stray media titles) and with what the
            # function words suggest, so only two or three word lists are ever loaded.
            guess = self.detector.detect_line(ln.text) if self.detector else None
            others = tuple(x for x in ("en", guess) if x and x != lang)
            other = _foreign_language(words, lang, zipf_frequency, others)
            if other is None:
                continue
            yield self.finding(
                doc, ln.start + len(ln.text) - len(ln.text.lstrip()), ln.start + len(ln.text.rstrip()),
                f"Stand-alone line in another language ({other}) than the article ({lang}): "
                "probably a stray media title",
                self.fix(Applicability.UNSAFE, "Remove the line", line_deletion(doc, ln)),
            )


def _standalone(doc: Document, ln) -> bool:
    lines = doc.lines
    before = lines[ln.index - 1] if ln.index > 0 else None
    after = lines[ln.index + 1] if ln.index + 1 < len(lines) else None
    return (before is None or before.blank) and (after is None or after.blank)


def _foreign_language(words: list[str], lang: str, zipf, others=CAPTION_LANGUAGES) -> str | None:
    """The other language that clearly knows these words better than ``lang``, if any.

    A word votes for a language when it is at least ten times more frequent there (one zipf
    step) than in the article's language; names vote for nobody.
    """
    low = [w.lower() for w in words]
    home = [zipf(w, lang) for w in low]
    best, best_votes, best_against = None, 0, 0
    for other in others:
        if other == lang:
            continue
        there = [zipf(w, other) for w in low]
        votes = sum(1 for h, t in zip(home, there) if t >= 3.0 and t >= h + 1.0)
        against = sum(1 for h, t in zip(home, there) if h >= 3.0 and h >= t + 1.0)
        if votes > best_votes:
            best, best_votes, best_against = other, votes, against
    n = len(low)
    if best is not None and best_votes >= 2 and best_votes / n >= 0.5 and best_against <= 1:
        return best
    return None


@hookimpl
def hygiene_register_rules(settings):
    return [ForeignLanguageLine(settings)]
