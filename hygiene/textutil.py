"""Small text helpers shared by the check kinds and the built-in rules."""

from __future__ import annotations

from bisect import bisect_right

import regex

from .model import Document, Edit, Line

_WILDCARD = regex.compile(r"%(?:\d\$)?[sd]|\{[a-z_]+\}")


def phrase_to_pattern(phrase: str) -> str:
    """A literal UI phrase → a regex tolerant of the variants scrapers produce.

    Whitespace runs match any whitespace, straight and curly apostrophes and quotes match each
    other, "..." matches "…", and WordPress wildcards (``%s``, ``%1$s``, ``{name}``) match a short
    run of text.
    """
    out = []
    pos = 0
    for m in _WILDCARD.finditer(phrase):
        out.append(_literal(phrase[pos : m.start()]))
        out.append(r".{1,200}?")
        pos = m.end()
    out.append(_literal(phrase[pos:]))
    return "".join(out)


def _literal(s: str) -> str:
    parts = []
    for ch in s:
        if ch.isspace():
            if not parts or parts[-1] != r"[^\S\n]+":
                parts.append(r"[^\S\n]+")
        elif ch in "'’`´":
            parts.append(r"['’`´]")
        elif ch in "\"“”«»„":
            parts.append(r"[\"“”«»„]")
        elif ch == "…":
            parts.append(r"(?:…|\.\.\.)")
        elif ch in "-–—":
            parts.append(r"[-–—]")
        else:
            parts.append(regex.escape(ch))
    pat = "".join(parts)
    return pat.replace(r"\.\.\.", r"(?:…|\.\.\.)")


def line_deletion(doc: Document, first: Line, last: Line | None = None) -> Edit:
    """An edit removing whole lines with their line breaks.

    The fix engine merges neighbouring line deletions and collapses the blank lines around them,
    so rules need not care about blank-line bookkeeping.
    """
    last = last or first
    starts = doc.line_starts
    end = starts[last.index + 1] if last.index + 1 < len(starts) else len(doc.text)
    return Edit(first.start, end, "")


def prev_nonblank(doc: Document, line: Line) -> Line | None:
    for i in range(line.index - 1, -1, -1):
        if not doc.lines[i].blank:
            return doc.lines[i]
    return None


def next_nonblank(doc: Document, line: Line) -> Line | None:
    for ln in doc.lines[line.index + 1 :]:
        if not ln.blank:
            return ln
    return None


def first_nonblank(doc: Document) -> Line | None:
    for ln in doc.lines:
        if not ln.blank:
            return ln
    return None


_CLOSERS = "\"'»”’)]"


def ends_sentence(s: str) -> bool:
    """True when the line ends like a sentence (closing quotes and brackets looked through)."""
    s = s.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(s) and s[-1] in ".!?…:;"


def norm_line(s: str) -> str:
    return " ".join(s.split()).casefold()


# Windows-1252 readings of UTF-8 lead bytes that put « or » second in a mojibake pair.
_MOJIBAKE_LEADS = ("Ã", "Â")


def inside_quote(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a direct quotation in its paragraph («…», “…”, „…“, "…").

    A guillemet right after ``Ã`` or ``Â`` is half of a mojibake pair (``Ã«`` is ë, ``Ã»`` û,
    ``Â«``/``Â»`` a guillemet read in the wrong code page), not a quotation mark of the text, and
    is skipped. Each paragraph is read once per text (a paragraph of a megabyte with hundreds
    of questions about it made this quadratic).
    """
    offsets, states = _QUOTES.at(text, pos)
    i = bisect_right(offsets, pos) - 1
    return i >= 0 and states[i]


class PerParagraph:
    """A value built once per paragraph (line) of the text last asked about: tests asked
    hundreds of times about one long paragraph must not read it again each time."""

    def __init__(self, build):
        self.build = build  # build(text, start, end) -> value for text[start:end]
        self.text: str | None = None
        self.done: dict[int, object] = {}

    def at(self, text: str, pos: int):
        start = text.rfind("\n", 0, pos) + 1
        if self.text is not text:
            self.text, self.done = text, {}
        got = self.done.get(start)
        if got is None:
            end = text.find("\n", start)
            got = self.done[start] = self.build(text, start, len(text) if end == -1 else end)
        return got


def _quote_changes(text: str, start: int, end: int) -> tuple[list[int], list[bool]]:
    """Where the paragraph's quotation state changes: from ``offsets[i]`` on, a position is
    inside a quotation when ``states[i]``."""
    stack: list[str] = []
    prev = ""
    offsets: list[int] = []
    states: list[bool] = []
    seg = text[start:end]
    for i, ch in enumerate(seg):
        mojibake, prev = ch in "«»" and prev in _MOJIBAKE_LEADS, ch
        if mojibake or ch not in _QUOTE_MARKS:
            continue
        if ch in "«„":
            if ch == "«" and stack and stack[-1] == "»":
                stack.pop()  # the close of a German »…« quotation
            else:
                stack.append(ch)
        elif ch == "»" and stack:
            stack.pop()
        elif ch == "»" and seg[i + 1 : i + 2].isalnum():
            stack.append(ch)  # German quotes open with » against the word: »Heizungsgesetz«
        elif ch == "“":
            if stack and stack[-1] == "„":
                stack.pop()
            else:
                stack.append(ch)
        elif ch == "”" and stack:
            stack.pop()
        elif ch == '"':
            if stack and stack[-1] == '"':
                stack.pop()
            else:
                stack.append(ch)
        offsets.append(start + i + 1)
        states.append(bool(stack))
    return offsets, states


_QUOTE_MARKS = frozenset("«»„“”\"")
_QUOTES = PerParagraph(_quote_changes)


_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "«": '"',
                       "»": '"', "„": '"', "–": "-", "—": "-", "…": "...", "\u00a0": " ",
                       # Turkish capitals: "İLGİLİ HABERLER" and "İlgili Haberler" fold alike
                       # (casefold turns İ into i + a combining dot).
                       "İ": "I"})
_EDGE_LEAD = " \t|•·>*#-\"'"
_EDGE_TRAIL = " \t:.!*|>-\"'"


def norm_phrase(s: str) -> str:
    """A whole-line phrase reduced to what matters for an exact lookup: case, quotes, dashes,
    spacing and the punctuation a template puts around a label are folded away."""
    s = " ".join(s.translate(_FOLD).split()).casefold()
    return s.lstrip(_EDGE_LEAD).rstrip(_EDGE_TRAIL).strip()


def has_wildcard(phrase: str) -> bool:
    return bool(_WILDCARD.search(phrase))
