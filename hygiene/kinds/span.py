"""Kind ``span``: a phrase or pattern inside running text, flagged, removed or rewritten."""

from __future__ import annotations

from bisect import bisect_left

import regex

from ..model import Document, Edit
from ..textutil import PerParagraph, inside_quote, line_deletion
from .base import PackRule, search_all

_DASH_TURN = regex.compile(r"(?:^|(?<=\s))[–—](?=\s)")


_TURN_AFTER = (".", "!", "?", ":", "…")


def in_dash_speech(text: str, pos: int) -> bool:
    """Whether ``pos`` lies in a turn of dash dialogue ("… złota. – Rzekomo trzymał je w skrytce
    – zeznał."): a spaced en or em dash at the start of a paragraph or of a sentence opens the
    speaker's words, and the next spaced dash hands back to the narrator. Each paragraph's
    turns are found once per text."""
    turns = _TURNS.at(text, pos)
    # A dash at d changes the state for positions after it (the dash itself is the old state).
    return bisect_left(turns, pos) % 2 == 1


def _turns(text: str, start: int, end: int) -> list[int]:
    """Positions of the dashes that open and close speech, in turn."""
    out: list[int] = []
    for m in _DASH_TURN.finditer(text, start, end):
        if len(out) % 2 == 1:  # speech is open: this dash closes it
            out.append(m.start())
        elif m.start() == start or text[start : m.start()].rstrip()[-1:] in _TURN_AFTER:
            out.append(m.start())
    return out


_TURNS = PerParagraph(_turns)


class SpanRule(PackRule):
    """Options: ``phrases``/``patterns`` per language; ``action`` = ``flag`` (no edit),
    ``delete`` (remove the match, or the whole line when the match is all of it) or ``replace``
    (``replacement``, a template that may use ``\\1`` or ``\\g<name>``); ``unless_before`` and
    ``unless_after`` are patterns per language that, found right before or right after a match,
    cancel it (a named source after "according to"); ``unless_before`` must end where the match
    starts and is looked for in the ``unless_before_window`` characters before it (default 80;
    raise it when the cancelling phrase can stand further back, as a long source name does);
    ``unless_after`` must start where the match ends and may run 80 characters;
    ``skip_quotes`` ignores matches inside direct quotations (a hedge a speaker uses is not the
    writer's), including the dash dialogue of Polish, Russian and Spanish reporting (a paragraph
    that opens with "– " or "— " is speech up to the next spaced dash, which opens the
    narrator's "– mówiła …", and so on in turn)."""

    KEYS = {"phrases", "patterns", "action", "replacement", "unless_before", "unless_after",
            "unless_before_window", "case_sensitive", "group", "skip_quotes"}
    WINDOW = 80

    def __init__(self, meta, spec):
        super().__init__(meta, spec)
        d = spec.data
        self.action = d.get("action", "flag")
        if self.action not in ("flag", "delete", "replace"):
            raise spec.error("action must be flag, delete or replace")
        if self.action == "replace" and "replacement" not in d:
            raise spec.error("action replace needs a replacement")
        if self.action != "flag" and self.applicability is None:
            raise spec.error(f"action {self.action} needs fix = safe or unsafe")
        self.replacement = d.get("replacement", "")
        self.group = d.get("group", 0)
        self.skip_quotes = bool(d.get("skip_quotes", False))
        flags = 0 if d.get("case_sensitive") else regex.IGNORECASE
        self.table = self.compile("phrases", "patterns", flags=flags)
        self.unless_before = self.compile("_", "unless_before", bounded=False, wrap="{}$")
        self.unless_after = self.compile("_", "unless_after", bounded=False)
        window = d.get("unless_before_window", self.WINDOW)
        if isinstance(window, bool) or not isinstance(window, int) or window < 1:
            raise spec.error("unless_before_window must be a positive number of characters")
        self.unless_before_window = window

    def _cancelled(self, doc: Document, start: int, end: int) -> bool:
        text = doc.text
        for pat in self.matcher_for(self.unless_before, doc):
            if pat is not None and pat.search(text, max(0, start - self.unless_before_window),
                                              start):
                return True
        for pat in self.matcher_for(self.unless_after, doc):
            if pat is not None and pat.match(text, end, min(len(text), end + self.WINDOW)):
                return True
        return False

    def check(self, doc: Document):
        text = doc.text
        for m in self._matches(doc):
            start, end = m.span(self.group)
            if start == end or self._cancelled(doc, start, end):
                continue
            if self.skip_quotes and (inside_quote(text, start) or in_dash_speech(text, start)):
                continue
            yield self.finding(
                doc, start, end, self.format(m.group(self.group)), self._fix(doc, m)
            )

    def _matches(self, doc: Document):
        lang = doc.language or ""
        if self.group == 0 and self.action != "replace":
            # Entry by entry (only those whose needle occurs); a group number or a replacement
            # template refers to the whole alternation's groups, so those rules scan it whole.
            return self.table.find_all(doc, lang) + self.table.find_all(doc, "*")
        return [m for pat in self.matcher_for(self.table, doc) if pat is not None
                for m in search_all(pat, doc.text, timeout=self.table.timeout)]

    def _fix(self, doc: Document, m):
        if self.action == "flag":
            return None
        start, end = m.span(self.group)
        if self.action == "replace":
            return self.make_fix(Edit(start, end, m.expand(self.replacement)))
        ln = doc.lines[doc.position(start)[0] - 1]
        if not ln.text[: start - ln.start].strip() and not ln.text[end - ln.start :].strip():
            return self.make_fix(line_deletion(doc, ln))
        # Inside a sentence: take one neighbouring space too, so no double space is left.
        text = doc.text
        if end < len(text) and text[end] == " " and (start == 0 or text[start - 1] in " \n("):
            end += 1
        elif start > 0 and text[start - 1] == " ":
            start -= 1
        return self.make_fix(Edit(start, end, ""))
