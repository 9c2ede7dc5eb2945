"""Language detection: function-word profiles from the packs, py3langid when they disagree.

Counting function words is enough for article-length text in the languages that have a profile
and costs nothing at start-up; py3langid (which loads its model on first use, about a second) is
only consulted for texts no profile claims.
"""

from __future__ import annotations

import sys
from collections import Counter

import regex

_WORD = regex.compile(r"\p{L}+")
MODEL_MIN_WORDS = 20


class LanguageDetector:
    def __init__(self, profiles: dict[str, set[str]]):
        self.profiles = profiles
        self.index: dict[str, list[str]] = {}
        for lang, words in profiles.items():
            for w in words:
                self.index.setdefault(w.casefold(), []).append(lang)

    def scores(self, text: str, limit: int = 2000) -> tuple[Counter, int]:
        words = _WORD.findall(text[:limit].casefold())
        c: Counter = Counter()
        index = self.index
        for w, k in Counter(words).items():  # distinct words: a third of the loop
            for lang in index.get(w, ()):
                c[lang] += k
        return c, len(words)

    def detect(self, text: str) -> str | None:
        c, n = self.scores(text)
        if n and c:
            (top, a), *rest = c.most_common(2) + [(None, 0)]
            b = rest[0][1]
            if a >= 3 and a / n >= 0.12 and a >= 1.3 * b:
                return top
            if n < MODEL_MIN_WORDS and a > b:
                return top  # too short to be sure either way: the profiles' best guess
        # Only a text of some length, in no profiled language, is worth loading the model.
        return _langid(text) if n >= MODEL_MIN_WORDS else None

    def detect_line(self, text: str) -> str | None:
        """A confident guess for a short line, or None (never falls back to the model)."""
        c, n = self.scores(text)
        if n < 3 or not c:
            return None
        (top, a), *rest = c.most_common(2) + [(None, 0)]
        return top if a >= 2 and rest[0][1] == 0 else None


def _langid(text: str) -> str | None:
    try:
        import py3langid
    except ImportError:  # pragma: no cover - declared dependency
        return None
    lang, _ = py3langid.classify(text[:4000])
    return lang


def release_model() -> None:
    """Drop py3langid's model (~75 MB resident); it loads again if a text needs it. A large
    run calls this before the corpus pass, its memory peak, which detects no languages."""
    mod = sys.modules.get("py3langid.langid")
    if mod is not None and getattr(mod, "IDENTIFIER", None) is not None:
        mod.IDENTIFIER = None
