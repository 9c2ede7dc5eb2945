"""Kind ``block``: a run of lines that belongs to one widget (a comment form, an author box)."""

from __future__ import annotations

import regex

from ..model import Document, Line
from ..textutil import ends_sentence, line_deletion, norm_line, norm_phrase
from .base import PackRule, compile_unless, exact_phrases, excepted, first_match, line_hits
from .line import _LEAD, _TRAIL


class BlockRule(PackRule):
    """The block starts at a line matching ``anchors`` (phrases) or ``anchor_patterns`` (regex;
    a named group ``name`` lets ``lead = "name"`` take in a preceding line that is just that
    name; ``lead_lines`` = N with ``lead_patterns`` takes in up to N preceding lines that each
    wholly match one of them, such as the name, headline and date above a profile's "+ Follow"
    button) and goes on through blank lines, lines matching ``members``/``member_patterns``, and
    short lines (``short_line`` chars or fewer), and with ``headlines`` = N, lines of up to N
    characters that do not end like a sentence (the linked headlines of a related-stories box).
    With ``to_end``, a block that reaches within ``tail_lines`` non-blank lines of the end takes
    everything after it, as long as no remaining line is longer than ``max_tail_chars`` and none
    is an ``unless`` line. ``position = "tail"`` only looks in the last ``within`` non-blank
    lines; ``after_lines`` = N wants N non-blank lines above the anchor (in a short text the tail
    is all of it). ``min_lines`` = N reports a block only when it takes
    in at least N non-blank lines (for widgets whose single labels could stand alone in prose,
    such as an info box of "Category: …" and "Hits: …" lines). Lines wholly matching
    ``unless`` patterns are neither anchors nor members."""

    KEYS = {"anchors", "anchor_patterns", "members", "member_patterns", "short_line", "lead",
            "to_end", "tail_lines", "max_tail_chars", "position", "within", "headlines",
            "after_lines", "min_lines", "unless", "lead_lines", "lead_patterns"}
    LANGUAGE_KEYS = ("anchors", "anchor_patterns")

    def __init__(self, meta, spec):
        super().__init__(meta, spec)
        d = spec.data
        wrap = f"{_LEAD}{{}}{_TRAIL}"
        self.anchor_exact = exact_phrases(spec, "anchors")
        self.member_exact = exact_phrases(spec, "members")
        flags = regex.IGNORECASE | regex.MULTILINE
        self.anchor = self.compile("anchors", "anchor_patterns", bounded=False, wrap=wrap,
                                   skip=self.anchor_exact, flags=flags,
                                   edges=(True, True))
        self.member = self.compile("members", "member_patterns", bounded=False, wrap=wrap,
                                   skip=self.member_exact, flags=flags,
                                   edges=(True, True))
        self.short_line = int(d.get("short_line", 0))
        # Lines up to this long that do not end like a sentence (linked headlines) join too.
        self.headlines = int(d.get("headlines", 0))
        self.lead = d.get("lead")
        if self.lead not in (None, "name"):
            raise spec.error('lead must be "name"')
        self.lead_lines = int(d.get("lead_lines", 0))
        self.lead_table = (self.compile("lead_phrases", "lead_patterns", bounded=False, wrap=wrap,
                                        flags=flags, edges=(True, True))
                           if self.lead_lines else None)
        self.to_end = bool(d.get("to_end", False))
        self.tail_lines = int(d.get("tail_lines", 3))
        self.max_tail_chars = int(d.get("max_tail_chars", 1200))
        self.position = d.get("position", "any")
        self.within = int(d.get("within", 12))
        self.after_lines = int(d.get("after_lines", 0))
        self.min_lines = int(d.get("min_lines", 0))
        self.unless = compile_unless(spec)

    def _match(self, table, doc, text):
        exact = self.anchor_exact if table is self.anchor else self.member_exact
        if exact:
            key = norm_phrase(text)
            if key in exact.get(doc.language or "", ()) or key in exact.get("*", ()):
                return _Whole(text)
        for pat in self.matcher_for(table, doc):
            if pat is not None:
                m = first_match(pat, text, True, table.timeout)
                if m is not None:
                    return m
        return None

    def check(self, doc: Document):
        lines = doc.lines
        nonblank = [ln for ln in lines if not ln.blank]
        if self.position == "tail":
            first_allowed = nonblank[-self.within].index if len(nonblank) >= self.within else 0
        else:
            first_allowed = 0
        if self.after_lines:
            if len(nonblank) <= self.after_lines:
                return
            first_allowed = max(first_allowed, nonblank[self.after_lines].index)
        anchors = line_hits(doc, self.anchor_exact, self.anchor)
        i = first_allowed
        for a in sorted(anchors):
            if a < i:
                continue
            ln = lines[a]
            if excepted(self.unless, doc, ln.text):
                continue
            m = anchors[a] or _Whole(ln.text)
            first = self._lead_line(doc, ln, m)
            if self.lead_table is not None and first is ln:
                first = self._lead_lines(doc, ln, i)
            last = self._extend(doc, ln)
            if self.min_lines and sum(
                    not x.blank for x in lines[first.index : last.index + 1]) < self.min_lines:
                continue
            start = first.start + len(first.text) - len(first.text.lstrip())
            yield self.finding(
                doc, start, last.end, self.format(ln.text),
                self.make_fix(line_deletion(doc, first, last)),
            )
            i = last.index + 1

    def _lead_line(self, doc: Document, ln: Line, m) -> Line:
        if self.lead == "name" and "name" in m.groupdict() and m.group("name"):
            k = ln.index - 1
            while k >= 0 and doc.lines[k].blank:
                k -= 1
            if k >= 0 and norm_line(doc.lines[k].text) == norm_line(m.group("name")):
                return doc.lines[k]
        return ln

    def _lead_lines(self, doc: Document, ln: Line, floor: int) -> Line:
        """The earliest of up to ``lead_lines`` non-blank lines right above ``ln`` (and not
        above ``floor``) that each wholly match ``lead_patterns``; ``ln`` when there is none."""
        first, taken, k = ln, 0, ln.index - 1
        while k >= floor and taken < self.lead_lines:
            prev = doc.lines[k]
            k -= 1
            if prev.blank:
                continue
            if excepted(self.unless, doc, prev.text) or not any(
                    pat is not None and first_match(pat, prev.text, True, self.lead_table.timeout)
                    for pat in self.matcher_for(self.lead_table, doc)):
                break
            first, taken = prev, taken + 1
        return first

    def _extend(self, doc: Document, ln: Line) -> Line:
        lines = doc.lines
        last = ln
        for nxt in lines[ln.index + 1 :]:
            if nxt.blank:
                continue
            s = nxt.text.strip()
            if excepted(self.unless, doc, nxt.text):
                break
            if self.headlines and len(s) <= self.headlines and not ends_sentence(s):
                last = nxt
                continue
            if (self.short_line and len(s) <= self.short_line) or self._match(
                self.member, doc, nxt.text
            ) or self._match(self.anchor, doc, nxt.text):
                last = nxt
                continue
            break
        if self.to_end:
            rest = [x for x in lines[last.index + 1 :] if not x.blank]
            # A line of another artefact (``unless``) is not swept in with the tail.
            if len(rest) <= self.tail_lines and all(
                len(x.text.strip()) <= self.max_tail_chars
                and not excepted(self.unless, doc, x.text) for x in rest
            ):
                last = rest[-1] if rest else last
        return last


class _Whole:
    """A match object for a line found by exact lookup (no named groups)."""

    def __init__(self, text: str):
        self.text = text

    def groupdict(self) -> dict:
        return {}
