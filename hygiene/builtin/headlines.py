"""Related-article headlines a site template inserted between body paragraphs."""

from __future__ import annotations

import regex

from .. import hookimpl
from ..model import Applicability, Document, Severity
from ..textutil import ends_sentence, line_deletion, next_nonblank, prev_nonblank
from .base import BuiltinRule

_WORD = regex.compile(r"\w+(?:['’-]\w+)*")
# Content words and numbers ("La grêle du 3 juillet" introduces "l'orage du 3 juillet").
_CONTENT = regex.compile(r"\p{L}{4,}|\d+")
_BULLET = regex.compile(r"^\s*(?:[-*•·–—>]|\d+[.)])\s")
# A sentence that ends inside the line and only a few words after it: a paragraph the page cut
# off mid-sentence (a paywall, a teaser: "… dans la finance. La métropole"), not a headline. (Two
# linked headlines run together keep a full second headline after the full stop.)
_CUT_OFF = regex.compile(r"\p{Ll}{2}[.!?]\s+\p{Lu}\S*(?:\s+\S+){0,2}\s*$")
# The text of an embedded post ends in an emoji or a hashtag.
_POST_END = regex.compile(r"(?:#\w+|[\p{So}\p{Sk}\u200d\ufe0f])\s*$")
# A media label and a colon or bar ("Bekijk: …", "VIDEO | …"): the title of an embedded video,
# which the caption rules own.
_MEDIA_LABEL = regex.compile(
    r"^(?:Watch|Video|Vídeo|Vidéo|Wideo|Видео|Bekijk|Kijk|Zobacz|Regardez|Regarder|Mira|Ver|"
    r"Guarda|Assista|Veja|Schauen Sie|Sehen Sie|Смотрите|İzle|Listen|Écoutez|Hören Sie)"
    r"\s*[:：|]", regex.IGNORECASE)
# The caption of a picture or figure the scraper dropped, which the caption rules own: a line
# that ends in a wire agency's picture credit ("… on Tuesday. (AP Photo/Lindsay Morrow)", "…
# (AFP/Archives - Lucie Marchal)") or starts with the figure's noun ("Map of …", "Capture d'écran
# d'une publication …", "Карта аномалий …").
_FIGURE = regex.compile(
    r"\((?:AP|AFP|EFE|EPA|ANSA|dpa|Reuters|Lusa|PAP|AA|ANP|Belga|Keystone|APA|TASS|ТАСС|Xinhua|"
    r"Getty Images|Europa Press|Anadolu)(?:\s+(?:Photo|Foto|Images|Archives|Archiv))?\s*/[^()\n]{2,80}\)\s*$"
    r"|^(?:Map|Chart|Graphic|Infographic|Screenshot|Screen grab|Satellite image|Carte|Graphique|"
    r"Infographie|Capture d['’]écran|Image satellite|Karte|Grafik|Infografik|Bildschirmfoto|"
    r"Satellitenbild|Mapa|Gráfico|Infografía|Captura de (?:pantalla|ecrã|tela)|Mappa|Grafico|"
    r"Infografica|Schermata|Infografia|Kaart|Grafiek|Schermafbeelding|Satellietbeeld|Wykres|"
    r"Infografika|Zrzut ekranu|Карта|График|Инфографика|Скриншот|Снимок экрана|Ekran görüntüsü|"
    r"Uydu görüntüsü)\b", regex.IGNORECASE)


class RelatedHeadline(BuiltinRule):
    code = "B401"
    name = "related-headline"
    family = "boilerplate"
    severity = Severity.WARNING
    what = ("A headline-shaped line (capitalised, seven words or more, no final punctuation) "
            "standing alone between two body paragraphs.")
    why = ("News templates insert links to other stories between paragraphs; scraped, their "
           "headlines read as orphan sentences about another topic.")
    example = ("…a-t-il ajouté.\nL'interdiction des médias sociaux au Sri Lanka ne résoudra pas "
               "son problème\nLa pression s'est accrue cette semaine…")
    use_instead = "…a-t-il ajouté.\nLa pression s'est accrue cette semaine…"
    fix_safety = ("Unsafe: a long subheading has the same shape as a related-article headline, "
                  "so review before removing. A short line (eight words or fewer) whose content "
                  "words come back in the one or two paragraphs under it is taken for a subheading "
                  "and not reported.")
    examples = [
        {"lang": "fr", "text": "Titre\n\nLe gouvernement a bloqué les plateformes dans tout le "
         "pays pendant trois jours.\nL'interdiction des médias sociaux au Sri Lanka ne résoudra "
         "pas son problème de désinformation\nLa pression s'est accrue cette semaine après les "
         "attentats contre des églises.", "flag": True},
        {"lang": "en", "text": "Title\n\nThe council approved the budget on Monday after a long "
         "debate.\n\nWhy the new budget matters\n\nThe plan raises spending on schools and "
         "roads by a fifth.", "flag": False},
        {"lang": "en", "text": "Title\n\nThe council approved the budget on Monday after a long "
         "debate.\nFive things to know about the mayor's plan for cheaper buses\nThe plan "
         "raises spending on schools, buses and roads by a fifth next year.", "flag": True},
        {"lang": "fr", "text": "Titre\n\nLa jeune pousse a levé 14 millions d'euros auprès de trois fonds.\n\n"
         "Nantes compte plus de 400 start-up labellisées French Tech, dont une trentaine dans la "
         "finance. La métropole\n\nCet article est réservé aux abonnés. Il vous reste 62 % à "
         "découvrir.", "flag": False},
        {"lang": "en", "text": "Title\n\nGrowers say the fruit is smaller but sweeter this year.\n\n"
         "A village show with a long history\n\nOn Saturday the village hall will host its 70th "
         "annual harvest show, with prizes for the best jar of chutney.", "flag": False},
        {"lang": "it", "text": "Titolo\n\nLa7 trasmette alle 21.15 un approfondimento su economia e "
         "lavoro.\nPerché la finale farà il pieno di ascolti\nSecondo gli analisti, la finale "
         "è uno degli eventi sportivi più visti dell'anno.\nVedremo venerdì, con i dati di "
         "ascolto, se la scommessa avrà pagato.", "flag": False},
        {"lang": "en", "text": "Title\n\nBarge traffic on the river resumed on Friday after a week.\n"
         "A tugboat pushes barges past the damaged pier of the bridge in Davenport (AP Photo/Jo Lee)\n"
         "The Coast Guard reopened the channel to traffic on Friday morning.", "flag": False},
        {"lang": "fr", "text": "Titre\n\nLes vendanges ont commencé dix jours plus tôt que "
         "d'habitude.\nLa tempête du 14 août a laissé des traces dans les vignes\nÀ Caux, la "
         "tempête du 14 août a couché une partie des rangs en moins d'une heure.", "flag": False},
    ]
    MIN_WORDS, MAX_WORDS, MIN_BODY = 7, 30, 60
    # A subheading whose words come back under it; a related story's headline shares at most
    # one word with the next paragraph however long it is (dev corpus: up to 17 words).
    SUBHEAD_WORDS = 12

    def check(self, doc: Document):
        nonblank = [ln for ln in doc.lines if not ln.blank]
        for ln in nonblank[1:]:
            s = ln.text.strip()
            if ends_sentence(s) or not s[:1].isupper() or _BULLET.match(s):
                continue
            if (_CUT_OFF.search(s) or _POST_END.search(s) or _MEDIA_LABEL.match(s)
                    or _FIGURE.search(s)):
                continue
            n = len(_WORD.findall(s))
            if not (self.MIN_WORDS <= n <= self.MAX_WORDS) or len(s) > 250:
                continue
            before, after = prev_nonblank(doc, ln), next_nonblank(doc, ln)
            if not (_is_body(before, self.MIN_BODY) and _is_body(after, self.MIN_BODY)):
                continue
            # The section a subheading opens may take its words up a paragraph later.
            nxt = next_nonblank(doc, after)
            section = after.text + ("\n" + nxt.text if nxt is not None else "")
            if n <= self.SUBHEAD_WORDS and _introduces(s, section):
                continue  # a subheading: the paragraph under it takes up its words
            yield self.finding(
                doc, ln.start + ln.text.index(s[0]), ln.start + len(ln.text.rstrip()),
                "Headline of another article between body paragraphs",
                self.fix(Applicability.UNSAFE, "Remove the headline", line_deletion(doc, ln)),
            )


def _stems(s: str) -> set[str]:
    return {w.casefold()[:5] for w in _CONTENT.findall(s)}


def _introduces(line: str, paragraph: str) -> bool:
    """Whether ``line`` reads as the subheading of ``paragraph``: two or more of its content
    words (and at least two fifths of them) come back in it. The headline of another story
    shares at most a word with the paragraph it was dropped before."""
    own = _stems(line)
    shared = own & _stems(paragraph)
    return len(shared) >= 2 and len(shared) * 5 >= len(own) * 2


def _is_body(ln, min_len: int) -> bool:
    return ln is not None and len(ln.text.strip()) >= min_len and ends_sentence(ln.text)


@hookimpl
def hygiene_register_rules(settings):
    return [RelatedHeadline(settings)]
