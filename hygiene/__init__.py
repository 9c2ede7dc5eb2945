"""hygiene — a linter for scraped article corpora."""

from __future__ import annotations

import pluggy

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("hygiene")

from .model import Document, Edit, Finding, Fix, RuleMeta, Severity  # noqa: E402
from .rule import CorpusRule, Rule  # noqa: E402


def lint_text(text: str, language: str | None = None, path: str = "<text>", settings=None):
    """Findings for one text, with the built-in rules (and installed plugins)."""
    from .api import default_linter

    doc = Document(path, text, language)
    return default_linter(settings).check(doc).findings


def fix_text(text: str, unsafe: bool = False, language: str | None = None, settings=None) -> str:
    """The text with fixes applied (safe ones; unsafe ones too with ``unsafe=True``)."""
    from .api import default_linter

    res = default_linter(settings).fix(Document("<text>", text, language), unsafe=unsafe)
    return res.fixed_text if res.fixed_text is not None else text


__all__ = [
    "hookimpl", "lint_text", "fix_text", "Document", "Edit", "Finding", "Fix", "RuleMeta",
    "Severity", "Rule", "CorpusRule", "__version__",
]
