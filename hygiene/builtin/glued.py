"""Link text glued to the next word when a scraper dropped the space after a link."""

from __future__ import annotations

import regex

from .. import hookimpl
from ..model import Applicability, Document, Edit, Severity
from .base import BuiltinRule

# A capitalised token, lower case after its first letter: the shape of "Vocativdeep".
_TOKEN = regex.compile(r"(?<![\w@#/.-])\p{Lu}\p{Ll}{6,}(?![\w-])")


class GluedToken(BuiltinRule):
    code = "T201"
    name = "glued-token"
    family = "translation"
    severity = Severity.WARNING
    # Languages that do not write compounds as one word; in German or Dutch almost every
    # unknown capitalised token is a legitimate compound.
    languages = ("en", "es", "fr", "it", "pt")
    what = ("A capitalised token the language does not know that splits into a name and a "
            "frequent word: a link's text glued to the word after it.")
    why = ("When a scraper drops the space after a link, the source's name fuses with the next "
           "word (`Vocativdeep web`), hiding both the source and the word.")
    example = "The video was spotted by Vocativdeep web analysts."
    use_instead = "The video was spotted by Vocativ deep web analysts."
    fix_safety = ("Unsafe: the split is chosen from word frequencies (wordfreq) and could be "
                  "wrong for a rare name.")
    examples = [
        {"lang": "en", "text": "The video was spotted by Vocativdeep web analysts on Telegram.",
         "flag": True, "fixed": "The video was spotted by Vocativ deep web analysts on Telegram."},
        {"lang": "fr", "text": "La vidéo a été repérée par Vocativdans la nuit de lundi.",
         "flag": True},
        {"lang": "en", "text": "Officials in Christchurch met Wojazer and Tabatabai on Monday.",
         "flag": False},
    ]
    MIN_SUFFIX_ZIPF = 4.0
    MIN_PART = 3
    MIN_SUFFIX = 4  # "Keratea" is not "Kera" + "tea"

    def check(self, doc: Document):
        cands = [m for m in _TOKEN.finditer(doc.text)]
        if not cands:
            return
        from wordfreq import zipf_frequency

        lang = doc.language or "en"
        for m in cands:
            tok = m.group()
            low = tok.lower()
            if zipf_frequency(low, lang) > 0 or zipf_frequency(low, "en") > 0:
                continue
            split = self._best_split(tok, lang, zipf_frequency)
            if split is None:
                continue
            k = m.start() + split
            yield self.finding(
                doc, m.start(), m.end(),
                f"{tok!r} looks like {tok[:split]!r} glued to {tok[split:]!r} (a link lost its "
                "trailing space)",
                self.fix(Applicability.UNSAFE, "Insert the missing space", Edit(k, k, " ")),
            )

    def _best_split(self, tok: str, lang: str, zipf) -> int | None:
        best, best_score = None, 0.0
        for i in range(self.MIN_PART, len(tok) - self.MIN_SUFFIX + 1):
            suffix = tok[i:].lower()
            score = zipf(suffix, lang)
            if score < self.MIN_SUFFIX_ZIPF:
                continue
            prefix_known = max(zipf(tok[:i].lower(), lang), zipf(tok[:i].lower(), "en"))
            if prefix_known >= 4.5:  # two common words: a compound, not a name plus a word
                continue
            if score > best_score:
                best, best_score = i, score
        return best


@hookimpl
def hygiene_register_rules(settings):
    return [GluedToken(settings)]
