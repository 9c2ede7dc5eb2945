"""A small base for Python rules: metadata and documentation declared on the class."""

from __future__ import annotations

from ..model import Applicability, Fix, RuleDocs, RuleMeta, Severity
from ..rule import Rule


class BuiltinRule(Rule):
    code = ""
    name = ""
    family = ""
    severity = Severity.WARNING
    fixable = "always"
    languages: tuple[str, ...] = ("*",)
    what = why = example = use_instead = fix_safety = ""
    # Must-flag and must-not-flag cases, run by the test suite like pack examples.
    examples: list[dict] = []

    def __init__(self, settings=None):
        self.settings = settings
        self.meta = RuleMeta(
            code=self.code,
            name=self.name,
            family=self.family,
            severity=self.severity,
            fixable=self.fixable,
            languages=self.languages,
            docs=RuleDocs(self.what, self.why, self.example, self.use_instead, self.fix_safety),
            origin=f"built-in {type(self).__module__}",
            examples=self.examples,
        )

    @staticmethod
    def fix(applicability: Applicability, message: str, *edits) -> Fix:
        return Fix(applicability, message, tuple(edits))
