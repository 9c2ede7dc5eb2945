"""The source-quality score: one number per document, 0 (junk) to 100 (clean, sourced).

    score = 100 - artefacts - translation - unsourced - badge + outlet adjustment

- artefacts: 10 points per artefact finding (placeholder, boilerplate, caption, encoding,
  corpus) per 1,000 characters, at most 35;
- translation: 8 points per machine-translation artefact, at most 25;
- unsourced: 40 times the share of sentences that carry an unsourced-claim marker, at most 30;
- badge: 15 when the page declares its own trustworthiness ("Fact checked by …", rule B202);
- outlet adjustment: the sum of the ``outlets`` settings whose name or domain appears in the
  document's path or JSONL record id, e.g. ``outlets = {"reuters.com" = 10, "example-news" = -20}``.
"""

from __future__ import annotations

from bisect import bisect_right

import regex

from .. import hookimpl

ARTEFACT_FAMILIES = {"placeholder", "boilerplate", "caption", "encoding", "corpus"}
_SENTENCE_END = regex.compile(r"[.!?…]+(?:\s|$)")


def score(text: str, findings, outlets=(), where: str = "") -> float:
    chars = max(len(text), 1)
    artefacts = sum(1 for f in findings if f.family in ARTEFACT_FAMILIES)
    a = min(35.0, 10.0 * artefacts / max(chars / 1000.0, 1.0))
    t = min(25.0, 8.0 * sum(1 for f in findings if f.family == "translation"))
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    sentences = max(1, len(ends))
    # The sentence of each cue: how many sentence ends stand before it (found once, not once
    # per cue, which was quadratic on a long document).
    marked = {bisect_right(ends, f.start - 1) for f in findings
              if f.family == "attribution" and f.start is not None}
    u = min(30.0, 40.0 * len(marked) / sentences)
    b = 15.0 if any(f.code == "B202" for f in findings) else 0.0
    o = sum(adj for name, adj in outlets if name.lower() in where.lower())
    return round(max(0.0, min(100.0, 100.0 - a - t - u - b + o)), 1)


@hookimpl(trylast=True)
def hygiene_score_document(document, findings, settings):
    rec = document.record or {}
    where = f"{document.path} {rec.get('id') or ''}"
    return score(document.text, findings, settings.outlets, where)


class LowSourceQuality:
    """Documentation and selection handle for Q001; the engine emits it after scoring."""

    def __init__(self, settings=None):
        from ..model import RuleDocs, RuleMeta, Severity

        self.meta = RuleMeta(
            code="Q001", name="low-source-quality", family="source", severity=Severity.ERROR,
            fixable="never", origin="built-in hygiene.builtin.score",
            docs=RuleDocs(
                what="A document whose source-quality score is below `--min-quality` "
                "(or `min-quality` in the config). " + __doc__.split("\n\n", 1)[1],
                why="A corpus gate: documents full of scraping artefacts, machine-translation "
                "damage and unsourced claims are worth less than clean, sourced ones.",
                example="hygiene check --min-quality 60 corpus/",
                use_instead="Clean the document (hygiene check --fix) or drop it from the corpus.",
                fix_safety="No fix: the document as a whole is judged.",
            ),
        )

    def applies_to(self, doc) -> bool:
        return False

    def check(self, doc):
        return []


@hookimpl
def hygiene_register_rules(settings):
    return [LowSourceQuality(settings)]
