"""Every rule's own examples (in its pack file or on its class) run as tests, Vale-style."""

from __future__ import annotations

import pytest

from hygiene.config import Settings
from hygiene.engine import Linter
from hygiene.model import Document

LINTER = Linter(Settings(blocked_plugins=()))
CASES = [
    pytest.param(rule, i, ex, id=f"{rule.meta.code}-{i}-{ex.get('lang', 'any')}")
    for rule in LINTER.all_rules
    for i, ex in enumerate(rule.meta.examples)
]


@pytest.mark.parametrize(("rule", "index", "example"), CASES)
def test_rule_example(rule, index, example):
    doc = Document("example.txt", example["text"], example.get("lang"))
    codes = [f.code for f in LINTER.check(doc).findings]
    if example["flag"]:
        assert rule.meta.code in codes, f"{rule.meta.code} should flag: {example['text']!r}"
    else:
        assert rule.meta.code not in codes, f"{rule.meta.code} must not flag: {example['text']!r}"
    if "fixed" in example:
        res = LINTER.fix(Document("example.txt", example["text"], example.get("lang")), unsafe=True)
        fixed = res.fixed_text if res.fixed_text is not None else example["text"]
        assert fixed == example["fixed"]


def test_every_rule_has_examples_in_two_languages_and_a_trap():
    for rule in LINTER.all_rules:
        if rule.meta.scope == "corpus" or rule.meta.family == "source":
            continue  # whole-corpus and whole-document results: tests/test_corpus.py
        ex = rule.meta.examples
        langs = {e.get("lang") for e in ex if e["flag"]}
        assert len(langs) >= 2, f"{rule.meta.code} needs must-flag examples in two languages"
        assert any(not e["flag"] for e in ex), f"{rule.meta.code} needs a must-not-flag example"
