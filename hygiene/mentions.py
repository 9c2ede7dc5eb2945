"""Artefacts that the article quotes on purpose: reported, but never removed by a safe fix.

An article about a botched mail-merge quotes „Hallo {{ vorname }}“, one about encoding errors
quotes "ÅžÃ¼krÃ¼", one about a cookie fine quotes the banner's «Aceptar todas» button. The
scraper left none of them; the writer put them in quotation marks. A pattern cannot tell use
from mention, so such a finding keeps its fix but the fix becomes unsafe:

- placeholder: the artefact stands inside a quotation (template syntax inside quoted words is
  an example, not a failed template);
- encoding, translation: the quotation around it is short (five words at most: a quoted
  specimen, a subject line, "los Tiempos Financieros" in a piece about translation errors);
- boilerplate, caption: the finding's whole line is one quotation.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Applicability, Finding
from .textutil import inside_quote

# Opening mark -> the closing marks that may end it.
# (A straight apostrophe is left out: "Koç'a", "l'{{ var }}" are no quotations.)
# A typographic opening mark may be closed by a straight one („Hallo …", as scraped text often
# has it).
_PAIRS = {'"': '"', "“": '”“"', "„": '“”"', "«": '»"', "»": "«", "‹": "›", "‘": "’", "‚": "‘’",
          "`": "`", "「": "」"}
_TRAILING = ".,;:!?)]…"
SPECIMEN_WORDS = 5
SPECIMEN_FAMILIES = ("placeholder", "encoding", "translation")


def demote_mentions(findings: list[Finding], text: str, exempt=frozenset()) -> None:
    """``exempt``: codes of rules whose artefact is itself a quotation (a pull quote); rules
    say so with a ``quotes_are_artefacts = True`` attribute."""
    safe = [f for f in findings if f.fix is not None and f.start is not None
            and f.fix.applicability is Applicability.SAFE and f.code not in exempt]
    quoted = {id(f) for f in safe if _mentioned(f, text)}
    # Once the article quotes "%s" as an example, the "%s" it then explains is one too.
    specimens = {text[f.start : f.end] for f in safe
                 if id(f) in quoted and f.family in SPECIMEN_FAMILIES}
    for f in safe:
        if id(f) in quoted or (f.family in SPECIMEN_FAMILIES
                               and text[f.start : f.end] in specimens):
            f.fix = replace(f.fix, applicability=Applicability.UNSAFE)


def _mentioned(f: Finding, text: str) -> bool:
    if f.family == "placeholder":
        return inside_quote(text, f.start)
    if f.family in ("encoding", "translation"):
        inner = quoted_around(text, f.start, f.end) if inside_quote(text, f.start) else None
        return inner is not None and len(inner.split()) <= SPECIMEN_WORDS
    if f.family in ("boilerplate", "caption"):
        start = text.rfind("\n", 0, f.start) + 1
        end = text.find("\n", f.end)
        line = text[start : len(text) if end == -1 else end].strip().rstrip(_TRAILING)
        return len(line) > 2 and line[-1] in _PAIRS.get(line[0], "") \
            and _one_quotation(line)
    return False


# How far a quotation mark may stand from the span: a specimen is a few words, and a bounded
# look keeps a page scraped as one long line linear.
_REACH = 200


def quoted_around(text: str, start: int, end: int) -> str | None:
    """The text of the short quotation on the line that encloses ``start``–``end``, or None."""
    lo = max(text.rfind("\n", 0, start) + 1, start - _REACH)
    hi = text.find("\n", end)
    hi = min(len(text) if hi == -1 else hi, end + _REACH)
    for i in range(start - 1, lo - 1, -1):
        closers = _PAIRS.get(text[i])
        if closers is None:
            continue
        for j in range(end, hi):
            if text[j] in closers:
                inner = text[i + 1 : j]
                return inner if _one_quotation(text[i : j + 1]) else None
        return None
    return None


def _one_quotation(s: str) -> bool:
    """Whether the marks at both ends of ``s`` belong together (no closing mark inside)."""
    closers = _PAIRS.get(s[0], "")
    return not any(ch in closers for ch in s[1:-1])
