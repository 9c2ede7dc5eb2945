"""E101 mojibake: pairs ftfy leaves are repaired one by one, and correct text is never touched."""

from __future__ import annotations

import pytest

from hygiene.config import Settings
from hygiene.engine import Linter
from hygiene.model import Document, Severity

LINTER = Linter(Settings(select=("E101",)))


def fixed(text: str, lang: str | None) -> str:
    res = LINTER.fix(Document("t.txt", text, lang))
    return res.fixed_text if res.fixed_text is not None else text


def e101(text: str, lang: str | None):
    return [f for f in LINTER.check(Document("t.txt", text, lang)).findings if f.code == "E101"]


@pytest.mark.parametrize(
    "lang, damaged, repaired",
    [
        # A correct letter in the same run ("ó", "ı", "ğ") makes ftfy read the run as intended.
        pytest.param("pl", "Kraków, 12 maja: to byÅ‚o trudne dla wszystkich.",
                     "Kraków, 12 maja: to było trudne dla wszystkich.", id="pl-l-stroke"),
        pytest.param("pl", "Kraków: w Å›rodę sesja się odbędzie.",
                     "Kraków: w środę sesja się odbędzie.", id="pl-s-acute-word-start"),
        pytest.param("pl", "Kraków i Łódź: naprawdÄ™ się zmieniło.",
                     "Kraków i Łódź: naprawdę się zmieniło.", id="pl-e-ogonek"),
        pytest.param("tr", "Muğla valiliği açıkladı: baÅŸkan görevine döndü.",
                     "Muğla valiliği açıkladı: başkan görevine döndü.", id="tr-s-cedilla"),
        # "Ä±" is no shape only mojibake makes: the word list decides, for the whole word.
        pytest.param("tr", "Yetkililer ağır hasarlı binalarda inceleme baÅŸlattÄ±.",
                     "Yetkililer ağır hasarlı binalarda inceleme başlattı.", id="tr-two-pairs"),
        # Certain shapes need no word list: no language detected, or one without a list.
        pytest.param(None, "Kraków: byÅ‚o tak.", "Kraków: było tak.", id="no-language"),
    ],
)
def test_pairs_ftfy_leaves_are_repaired(lang, damaged, repaired):
    assert fixed(damaged, lang) == repaired
    found = e101(damaged, lang)
    assert found and all(f.fix is not None and f.fix.is_safe for f in found)
    assert all(f.severity is Severity.ERROR for f in found)
    # Each finding spans the damaged pair only, not the words around it.
    assert all(len(damaged[f.start:f.end]) <= 3 for f in found)


@pytest.mark.parametrize(
    "lang, text",
    [
        pytest.param("pt", "A eleição em São Paulo foi adiada, disse a irmã do candidato.",
                     id="pt-sao"),
        pytest.param("de", "Für die Straßenbahn gab es über Nacht Ärger in Köln.", id="de-fuer"),
        pytest.param("tr", "Şehir meclisi başkanı İzmir’de konuştu; TÜTÜNCÜ’NÜN açıklaması var.",
                     id="tr-s-cedilla-and-apostrophe"),
        pytest.param("pl", "Żona prezesa mówi, że źródło było ważne; ŻÓŁW też.", id="pl-z-dot"),
        # Capital letters followed by a sign a pair could end with, in correct text.
        pytest.param("fr", "Le titre «L’ÉTÉ» et le mot CAFÉ… restent.", id="fr-capitals"),
        pytest.param("sv", "Han sa ”PÅ” och gick.", id="sv-capital-a-ring"),
        pytest.param("en", "The band’s name is spelled MÅ’s on the poster.", id="en-possessive"),
    ],
)
def test_correct_text_is_not_touched(lang, text):
    assert e101(text, lang) == []
    assert fixed(text, lang) == text
