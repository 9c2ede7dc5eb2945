"""The block kind's lines above the anchor (``lead_lines`` with ``lead_patterns``) and its tail,
which leaves another artefact's ``unless`` lines alone."""

from __future__ import annotations

from hygiene.config import Settings
from hygiene.engine import Linter
from hygiene.model import Document

HEADER_RULE = '''\
[[rule]]
code = "Z401"
name = "house-profile-header"
kind = "block"
family = "boilerplate"
fix = "safe"
message = "Profile header: {match}"
anchors = ["+ Follow"]
lead_lines = 2
lead_patterns = ['(?-i:\\p{Lu}\\p{Ll}+ \\p{Lu}\\p{Ll}+)', 'Published [^\\n]{3,30}']
'''

TAIL_RULE = '''\
[[rule]]
code = "Z401"
name = "house-form"
kind = "block"
family = "boilerplate"
fix = "safe"
message = "Form: {match}"
anchors = ["Leave a comment"]
short_line = 20
to_end = true
unless = ['\\d+ comments']
'''


def z401(write, pack_text: str, text: str) -> list:
    linter = Linter(Settings(rule_packs=(str(write("house.toml", pack_text)),),
                             select=("Z401",)))
    return [f for f in linter.check(Document("t.txt", text, "en")).findings if f.code == "Z401"]


def test_lead_lines_take_in_the_matching_lines_above_the_anchor(write):
    text = ("Five lessons from a year of four-day weeks\nMaria Lopez\nPublished Mar 4, 2024\n"
            "+ Follow\nWhen we moved to a four-day week, we expected chaos.")
    (f,) = z401(write, HEADER_RULE, text)
    assert text[f.start:f.end] == "Maria Lopez\nPublished Mar 4, 2024\n+ Follow"


def test_lead_lines_stop_at_the_first_line_that_does_not_match(write):
    text = ("Five lessons from a year of four-day weeks\nSomething else entirely here.\n"
            "Published Mar 4, 2024\n+ Follow\nWhen we moved, we expected chaos.")
    (f,) = z401(write, HEADER_RULE, text)
    assert text[f.start:f.end] == "Published Mar 4, 2024\n+ Follow"


def test_lead_lines_take_at_most_their_number(write):
    text = ("Title\nAnna Berg\nMaria Lopez\nPublished Mar 4, 2024\n+ Follow\nThe text.")
    (f,) = z401(write, HEADER_RULE, text)
    assert text[f.start:f.end] == "Maria Lopez\nPublished Mar 4, 2024\n+ Follow"


def test_the_tail_does_not_take_in_an_unless_line(write):
    text = "The story ends here.\n\nLeave a comment\nName\nEmail\n0 comments"
    (f,) = z401(write, TAIL_RULE, text)
    assert text[f.start:f.end] == "Leave a comment\nName\nEmail"
