"""The glossary kind's case forms of Russian and Polish renderings, and its number-only,
product and web-address evidence (rules/translation/glossary.toml, T101)."""

from __future__ import annotations

import pytest

from hygiene.config import Settings
from hygiene.engine import Linter
from hygiene.kinds.glossary import _inflections
from hygiene.model import Document

LINTER = Linter(Settings(select=("T101",)))


def t101(text: str, lang: str) -> list[str]:
    doc = Document("t.txt", text, lang)
    return [text[f.start:f.end] for f in LINTER.check(doc).findings if f.code == "T101"]


@pytest.mark.parametrize(
    ("lit", "lang", "form"),
    [
        ("Телеграмма", "ru", "Телеграмме"),
        ("Телеграмма", "ru", "Телеграммой"),
        ("Амазонка", "ru", "Амазонке"),
        ("Яблоко", "ru", "Яблоком"),
        ("Хранитель", "ru", "Хранителя"),
        ("Jabłko", "pl", "Jabłkiem"),
        ("Strażnik", "pl", "Strażnikiem"),
        ("Amazonka", "pl", "Amazonkę"),
    ],
)
def test_case_forms(lit, lang, form):
    assert form in _inflections(lit, lang)


@pytest.mark.parametrize(
    ("lit", "lang"),
    [("Cel", "pl"), ("Czasy", "pl"), ("Банк Америки", "ru"), ("Apfel", "de"), ("Elma", "tr")],
)
def test_no_case_forms(lit, lang):
    # Short words, plurals in -y, several words and languages without the table stay as listed.
    assert _inflections(lit, lang) == []


def test_a_case_form_needs_the_same_evidence_as_the_nominative():
    assert t101("Мы запустили канал в Телеграмме, где публикуем меню.", "ru") == ["Телеграмме"]
    assert t101("Телеграмме от внука бабушка обрадовалась.", "ru") == []


def test_number_only_rendering():
    assert t101("Auf dem Laptop läuft Fenster 11 im Wechsel mit Ubuntu.", "de") == ["Fenster"]
    assert t101("Im Winter bleiben die Fenster 2 Stunden zu.", "de") == []
    assert t101("Bei uns sind Fenster 4 Zentimeter dick.", "de") == []
    assert t101("Wir öffnen in der App das Fenster und auf Fenster klicken wir.", "de") == []


def test_product_name_after_the_rendering_outweighs_the_article():
    assert t101("Die Laufzeit eines Apfel MacBook Air erreicht es nicht.", "de") == ["Apfel"]
    assert t101("Er aß einen Apfel, dann klappte er das MacBook auf.", "de") == []


def test_web_address_rendering():
    assert t101("Achei o quarto pelo Reservar.com em maio.", "pt") == ["Reservar.com"]
    assert t101("Convém reservar com antecedência.", "pt") == []
