"""The glossary kind's needs_cue entities, English title case, quoted specimens and Russian
guillemets (rules/translation/glossary.toml, T101), and the glued kind's foreign lines (T201)."""

from __future__ import annotations

from hygiene.config import Settings
from hygiene.engine import Linter
from hygiene.model import Applicability, Document

LINTER = Linter(Settings(select=("T101", "T201")))


def found(text: str, lang: str, code: str = "T101"):
    doc = Document("t.txt", text, lang)
    return [f for f in LINTER.check(doc).findings if f.code == code]


def spans(text: str, lang: str, code: str = "T101") -> list[str]:
    return [text[f.start:f.end] for f in found(text, lang, code)]


def test_needs_cue_rendering_alone_is_no_evidence():
    # A place, a town hall, a verb phrase: the whole rendered name mid-sentence is not enough.
    assert spans("El sendero baja hasta la cala de Roca Negra y vuelve por la costa.", "es") == []
    assert spans("Ieri la Città di Manchester ha presentato il piano.", "it") == []
    assert spans("Para ele, salvar as crianças vem sempre em primeiro lugar.", "pt") == []


def test_needs_cue_rendering_with_a_cue_is_reported_with_an_unsafe_fix():
    text = "La gestora estadounidense Roca Negra ha incrementado su participación."
    (f,) = found(text, "es")
    assert text[f.start:f.end] == "Roca Negra"
    assert f.fix.applicability is Applicability.UNSAFE


def test_needs_cue_ticker_is_still_strong():
    text = "El gestor estadounidense Roca Negra (BLK) compró fincas en Jaén."
    (f,) = found(text, "es")
    assert f.fix.applicability is Applicability.SAFE


def test_needs_cue_name_that_goes_on_with_a_conjunction():
    assert spans("Volgens Natuur en Milieu moet de provincie sneller handelen.", "nl") == []


def test_english_title_case():
    assert spans("The state-owned operator German Train announced a timetable.", "en") == [
        "German Train"]
    assert spans("The state-owned operator German train announced a timetable.", "en") == []
    assert spans("Why German Train Drivers Keep Striking", "en") == []


def test_quoted_specimen_and_its_other_occurrences_are_left_alone():
    text = ('Titular: "El Guardián" y otros errores\n'
            'El diario británico The Guardian aparece convertido en "El Guardián".')
    assert spans(text, "es") == []


def test_quoted_rendering_without_the_original_nearby_is_still_reported():
    text = "Сериал вышел на платформе компании «Красный Бык», сообщает издание."
    assert spans(text, "ru") == ["Красный Бык"]


def test_glued_token_on_a_line_in_another_language_is_a_word():
    text = ("Commuters face a third walkout.\n"
            "Original article: Bahnstreik: Pendler müssen sich auf dritten Ausstand einstellen\n")
    assert spans(text, "en", "T201") == []
    assert "Vocativreported" in spans(
        "Harbourline will hire 140 people, Vocativreported on Tuesday.", "en", "T201")


def test_glued_auxiliary_after_a_known_word():
    assert spans("La Mediterranean Shipping Companyha annunciato due arrivi.", "it",
                 "T201") == ["Companyha"]
