"""The span kind's cancelling context: how far ``unless_before`` looks back, and which
guillemets open a quotation for ``skip_quotes``."""

from __future__ import annotations

import pytest

from hygiene.config import Settings
from hygiene.engine import Linter
from hygiene.model import Document
from hygiene.packs import PackError
from hygiene.textutil import inside_quote

HEDGE_RULE = '''\
[[rule]]
code = "Z301"
name = "house-hedge"
kind = "span"
family = "attribution"
severity = "info"
message = "Hedge: {match}"
phrases = ["reportedly"]
unless_before = ["according to [^.]*"]
skip_quotes = true
'''

# The cancelling "according to" stands 120 characters before the hedge.
FAR = ("According to the regional ministry of infrastructure, transport, housing, digital "
       "affairs and European cooperation, the bridge is reportedly closed.")


def z301(write, pack_text: str, text: str) -> list:
    linter = Linter(Settings(rule_packs=(str(write("house.toml", pack_text)),),
                             select=("Z301",)))
    return [f for f in linter.check(Document("t.txt", text, "en")).findings if f.code == "Z301"]


def test_unless_before_looks_back_80_characters_by_default(write):
    assert FAR.index("reportedly") - FAR.index("According") > 80
    assert len(z301(write, HEDGE_RULE, FAR)) == 1
    assert z301(write, HEDGE_RULE, "According to the ministry, the bridge is reportedly closed.") \
        == []


def test_unless_before_window_widens_the_look_back(write):
    pack = HEDGE_RULE + "unless_before_window = 200\n"
    assert z301(write, pack, FAR) == []
    # Only as far as the window reaches.
    pack = HEDGE_RULE + "unless_before_window = 100\n"
    assert len(z301(write, pack, FAR)) == 1


@pytest.mark.parametrize("value", ["0", "-5", '"200"', "true", "1.5"])
def test_unless_before_window_must_be_a_positive_integer(write, value):
    with pytest.raises(PackError, match="unless_before_window"):
        z301(write, HEDGE_RULE + f"unless_before_window = {value}\n", FAR)


# -- quotations and mojibake guillemets -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Le prÃ«sident a dit que le pont est vraisemblablement fermé.",  # Ã« is ë
        "Le mot Â«ponsÂ» a changé, et le pont est vraisemblablement fermé.",  # Â«…Â»
        "Le titre Â«Ponts a changé, et le pont est vraisemblablement fermé.",  # Â« alone
        "Il a sÃ»rement dit que le pont est vraisemblablement fermé.",  # Ã» is û
    ],
)
def test_a_guillemet_that_is_half_of_a_mojibake_pair_opens_no_quotation(text):
    assert not inside_quote(text, text.index("vraisemblablement"))


@pytest.mark.parametrize(
    "text",
    [
        "Il a dit : « le pont est vraisemblablement fermé ».",
        "Il a dit : «le prÃ«sident est vraisemblablement parti».",
        "„Die Brücke ist angeblich zu“, sagte er.",
    ],
)
def test_real_quotation_marks_still_open_a_quotation(text):
    word = "vraisemblablement" if "vraisemblablement" in text else "angeblich"
    assert inside_quote(text, text.index(word))


def test_quotation_state_is_right_at_every_position_of_paragraphs_asked_in_any_order():
    # The state is read once per paragraph and text: answers must not leak between paragraphs
    # or between texts.
    text = 'Er sagte: „Das ist angeblich fertig“, und ging.\nAngeblich nicht. „Doch“ sagte sie.'
    inside = {i for i, ch in enumerate(text)
              if text.rfind("„", 0, i) > max(text.rfind("“", 0, i), text.rfind("\n", 0, i))}
    for pos in sorted(range(len(text)), key=lambda i: (i * 7919) % len(text)):
        assert inside_quote(text, pos) == (pos in inside), pos
    other = "Angeblich fertig, sagte er."
    assert not inside_quote(other, 0)
    assert inside_quote(text, text.index("angeblich"))


def test_a_hedge_after_a_mojibake_guillemet_is_flagged(write):
    text = "Le prÃ«sident, il reportedly left."
    assert len(z301(write, HEDGE_RULE, text)) == 1
    assert z301(write, HEDGE_RULE, "He said: «they reportedly left».") == []


def test_german_guillemets_open_with_a_right_pointing_mark():
    closed = "Das »Heizungsgesetz« wird gekippt. Berichten zufolge steht der Bonus zur Wahl."
    assert not inside_quote(closed, closed.index("Berichten"))
    inside = "Er sagte: »Die Brücke ist angeblich zu«, und ging."
    assert inside_quote(inside, inside.index("angeblich"))


# -- dash dialogue ---------------------------------------------------------------------------

from hygiene.kinds.span import in_dash_speech  # noqa: E402


@pytest.mark.parametrize(
    ("text", "word", "speech"),
    [
        # A dash at the start of the paragraph opens the speaker's words …
        ("– Rzekomo trzymał je w skrytce w Wiedniu – zeznał.", "Rzekomo", True),
        # … the next spaced dash hands back to the narrator …
        ("– Nie wiem – powiedział świadek i podobno wyszedł.", "podobno", False),
        # … and a dash after a sentence's end opens a new turn in the same paragraph.
        ("Wiele osób powtarzało to samo. – Szwagier mówił, że podobno zarobił – mówiła.",
         "podobno", True),
        ("Свидетельница вспоминала. — Якобы он всё вернёт — сказала она.", "Якобы", True),
        # A dash inside a sentence is a parenthesis, not speech.
        ("Radni – podobno większość – byli przeciw.", "podobno", False),
        ("Podobno radni byli przeciw.", "Podobno", False),
    ],
)
def test_dash_dialogue(text, word, speech):
    assert in_dash_speech(text, text.index(word)) is speech


def test_a_hedge_in_dash_dialogue_is_skipped_with_skip_quotes(write):
    assert z301(write, HEDGE_RULE, "The witness hesitated. – He reportedly left – she said.") \
        == []
    assert len(z301(write, HEDGE_RULE, "– I do not know – she said. He reportedly left.")) == 1
