"""An artefact the article quotes on purpose is reported, but a safe --fix leaves it in place;
the same artefact left by the scraper is still cleaned."""

from __future__ import annotations

import pytest

from hygiene.config import Settings
from hygiene.engine import Linter
from hygiene.model import Document


@pytest.fixture(scope="module")
def linter():
    return Linter(Settings())


def safe_fix(linter, text: str, lang: str) -> tuple[str, set[str]]:
    res = linter.fix(Document("a.txt", text, lang))
    first = linter.check(Document("a.txt", text, lang))
    return (res.fixed_text if res.fixed_text is not None else text), {
        f.code for f in first.findings}


MAIL_MERGE = (
    "Warum im Schreiben der Stadtwerke „Hallo {{ vorname }}\" stand\n\n"
    "Mehr als 48.000 Kunden erhielten am Dienstag einen Brief, der mit „Hallo {{ vorname }}\" "
    "begann. In C steht etwa printf(\"Hallo %s\", name), und das %s wird durch den Namen "
    "ersetzt.\n"
)


def test_a_quoted_template_variable_is_reported_but_kept(linter):
    fixed, codes = safe_fix(linter, MAIL_MERGE, "de")
    assert "P101" in codes
    assert fixed == MAIL_MERGE  # the explained "%s" is the quoted one's twin: kept as well


def test_a_template_variable_the_scraper_left_is_still_removed(linter):
    text = "Der Rat tagt\n\nDer Rat hat am Montag {{ article.teaser }} den Haushalt beschlossen.\n"
    fixed, _ = safe_fix(linter, text, "de")
    assert "{{" not in fixed


def test_quoted_mojibake_specimens_are_kept_and_mojibake_in_prose_is_repaired(linter):
    text = ("Adı \"ÅžÃ¼krÃ¼\" yazılan vatandaş dava açtı\n\n"
            "Emekli öğretmen Şükrü Çağlayan, adının etiketlerde \"ÅžÃ¼krÃ¼ Ã‡aÄŸlayan\" olarak "
            "yazıldığını söyledi.\n")
    fixed, codes = safe_fix(linter, text, "tr")
    assert "E101" in codes and fixed == text
    garbled = "Kraków: w Å›rodę to byÅ‚o trudne, powiedział burmistrz.\n"
    fixed, _ = safe_fix(linter, garbled, "pl")
    assert fixed == "Kraków: w środę to było trudne, powiedział burmistrz.\n"


def test_a_line_that_quotes_a_cookie_button_is_kept(linter):
    text = ("Multa por el banner de cookies\n\n"
            "El aviso ofrecía tres botones. La AEPD los reproduce en su resolución:\n\n"
            "«Aceptar todas»\n\nLa empresa recurrirá la multa.\n")
    fixed, _ = safe_fix(linter, text, "es")
    assert fixed == text


def test_a_chant_and_a_chorus_in_a_stanza_keep_their_repeats(linter):
    chant = ("Manifestation à Nantes\n\nLe même refrain est revenu sans relâche :\n\n"
             "« On est là, on est là ! »\n« On est là, on est là ! »\n"
             "« Même si l'ARS ne veut pas, nous on est là ! »\n\nLe cortège s'est dispersé.\n")
    chorus = ("Telegram no Coliseu\n\nO refrão repete-se quatro vezes:\n\n"
              "Para, volta, fica.\nPara, volta, fica.\nDiz-me só uma palavra,\n"
              "que a palavra chega.\n\nO público cantou.\n")
    for text, lang in ((chant, "fr"), (chorus, "pt")):
        fixed, codes = safe_fix(linter, text, lang)
        assert "C103" in codes and fixed == text


def test_a_paragraph_the_scraper_doubled_is_still_removed(linter):
    line = "The council met on Monday and voted to close the old library in March."
    text = f"Library to close\n\n{line}\n{line}\n\nThe vote was 5-2.\n"
    fixed, _ = safe_fix(linter, text, "en")
    assert fixed == f"Library to close\n\n{line}\n\nThe vote was 5-2.\n"


def test_quoted_machine_translation_specimens_are_kept_and_the_same_names_unquoted_restored(
        linter):
    line = ("Varias capturas muestran al diario británico The Guardian convertido en {q}El "
            "Guardián{q}, y al Financial Times transformado en {q}los Tiempos Financieros{q}.")
    quoted = f"Errores de traducción\n\n{line.format(q=chr(34))}\n"
    bare = f"Errores de traducción\n\n{line.format(q='')}\n"
    assert "Tiempos Financieros" in safe_fix(linter, quoted, "es")[0]
    assert "Tiempos Financieros" not in safe_fix(linter, bare, "es")[0]
