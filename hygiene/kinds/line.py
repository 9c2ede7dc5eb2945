"""Kind ``line``: a whole line that is an artefact (an ad label, a badge, a byline) is removed."""

from __future__ import annotations

import regex

from ..model import Document
from ..textutil import line_deletion, next_nonblank, norm_phrase, prev_nonblank
from .base import PackRule, compile_unless, exact_phrases, excepted, first_match, line_hits

# Within one line: "^" and "$" are line anchors (MULTILINE) and neither edge crosses a newline.
# A leading emoji ("📲 Follow us …") is decoration, like a bullet.
_LEAD = r"^[ \t|•·»>*#\-–—\p{So}\uFE0F]*"
_TRAIL = r"[ \t\r:.…!*|»>\-–—]*$"


class LineRule(PackRule):
    """Options: ``phrases``/``patterns`` per language; ``match`` = ``full`` (the line is the
    phrase) or ``prefix`` (the line starts with it, e.g. "Read more: <headline>");
    ``max_length`` (longest line that may match); ``position`` = ``any``, ``head`` or ``tail``
    with ``within`` lines; ``isolated`` (the neighbouring non-blank lines must not match too);
    ``unless`` (patterns for lines that are left alone although they match: another
    artefact's shape); ``case_sensitive``."""

    KEYS = {"phrases", "patterns", "match", "max_length", "position", "within", "isolated",
            "isolated_from", "case_sensitive", "unless"}

    def __init__(self, meta, spec):
        super().__init__(meta, spec)
        d = spec.data
        self.mode = d.get("match", "full")
        if self.mode not in ("full", "prefix", "suffix"):
            raise spec.error("match must be full, prefix or suffix")
        self.max_length = int(d.get("max_length", 200))
        self.position = d.get("position", "any")
        if self.position not in ("any", "head", "tail"):
            raise spec.error("position must be any, head or tail")
        self.within = int(d.get("within", 8))
        self.isolated = bool(d.get("isolated", False))
        self.shape = self._shape(d.get("isolated_from"))
        self.unless = compile_unless(spec)
        flags = 0 if d.get("case_sensitive") else regex.IGNORECASE
        tail = _TRAIL if self.mode != "prefix" else r"(?:[ \t\r:.,;…!|»>\-–—]|$)"
        lead = "" if self.mode == "suffix" else _LEAD
        # Whole-line phrases are looked up in a set (no regex to compile or run); phrases with
        # wildcards and prefix matches go through the regex alternation.
        self.exact = {}
        if self.mode == "full" and not d.get("case_sensitive"):
            self.exact = exact_phrases(self.spec, "phrases")
        self.table = self.compile("phrases", "patterns", bounded=False,
                                  wrap=f"{lead}{{}}{tail}", flags=flags | regex.MULTILINE,
                                  skip=self.exact, edges=(self.mode != "suffix", True))

    def _alike(self, n, hits) -> bool:
        """Whether a neighbouring line has the same shape (a list, not a lone artefact)."""
        return n is not None and (n.index in hits or bool(self.shape and self.shape.search(n.text)))

    def _shape(self, src):
        try:
            return regex.compile(src) if src else None
        except (regex.error, TypeError) as exc:
            raise self.spec.error(f"invalid isolated_from pattern {src!r}: {exc}") from None

    def matches(self, doc: Document, text: str) -> bool:
        if self.exact:
            key = norm_phrase(text)
            if key in self.exact.get(doc.language or "", ()) or key in self.exact.get("*", ()):
                return True
        for pat in self.matcher_for(self.table, doc):
            if pat is not None and first_match(pat, text, self.mode != "suffix", self.table.timeout) is not None:
                return True
        return False

    def check(self, doc: Document):
        hits = line_hits(doc, self.exact, self.table, self.max_length, self.mode != "suffix")
        if not hits:
            return
        lines = doc.lines
        if self.position != "any":
            nonblank = [ln.index for ln in lines if not ln.blank]
            keep = set(nonblank[: self.within] if self.position == "head"
                       else nonblank[-self.within :])
        for i in sorted(hits):
            ln = lines[i]
            s = ln.text
            if (self.position != "any" and i not in keep) or len(s.strip()) > self.max_length:
                continue
            if excepted(self.unless, doc, s):
                continue
            if self.isolated and any(self._alike(n, hits) for n in (
                    prev_nonblank(doc, ln), next_nonblank(doc, ln))):
                continue
            lead = len(s) - len(s.lstrip())
            yield self.finding(
                doc,
                ln.start + lead,
                ln.start + len(s.rstrip()),
                self.format(s),
                self.make_fix(line_deletion(doc, ln)),
            )
