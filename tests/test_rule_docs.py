"""``hygiene rule CODE`` must give every rule the documentation sections users rely on."""

from __future__ import annotations

import pytest

from hygiene.config import Settings
from hygiene.docs import SECTIONS, rule_doc
from hygiene.engine import Linter
from hygiene.model import FAMILIES

RULES = Linter(Settings()).all_rules


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.code)
def test_rule_documentation_has_every_section(rule):
    doc = rule_doc(rule)
    for section in SECTIONS:
        assert doc[section].strip(), f"{rule.meta.code}: section {section!r} is empty"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.code)
def test_rule_metadata_is_well_formed(rule):
    m = rule.meta
    assert m.family in FAMILIES
    assert m.name == m.name.lower() and " " not in m.name
    assert m.fixable in ("always", "sometimes", "never")


def test_rule_codes_are_unique():
    codes = [r.meta.code for r in RULES]
    assert len(codes) == len(set(codes))
