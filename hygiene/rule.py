"""The rule interface every check implements, built-in, pack-defined or third-party."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .model import Document, Finding, Fix, RuleMeta, Severity


class Rule:
    """A per-document check. Subclasses set ``meta`` and implement ``check``."""

    meta: RuleMeta

    def applies_to(self, doc: Document) -> bool:
        langs = self.meta.languages
        return "*" in langs or (doc.language or "") in langs

    def prepare_language(self, language: str) -> None:
        """Called once per linter and language, before its first document: a rule may build
        what every document of that language shares."""

    def check(self, doc: Document) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(
        self,
        doc: Document,
        start: int | None,
        end: int | None,
        message: str,
        fix: Fix | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        m = self.meta
        return Finding(
            code=m.code,
            rule=m.name,
            family=m.family,
            severity=severity or m.severity,
            message=message,
            start=start,
            end=end,
            fix=fix,
            path=doc.path,
        )


class CorpusRule:
    """A check over the whole corpus, run after the per-document pass.

    ``fingerprint`` runs on each document (in worker processes) and returns something small and
    picklable; ``check_corpus`` sees every fingerprint, in document order, and yields findings.
    """

    meta: RuleMeta

    def fingerprint(self, doc: Document) -> object:
        raise NotImplementedError

    def check_corpus(self, items: list[tuple[str, dict | None, object]]) -> Iterator[Finding]:
        raise NotImplementedError
