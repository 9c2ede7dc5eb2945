"""Caption rules that look at the shape of the document: repeated titles and lines."""

from __future__ import annotations

import regex

from .. import hookimpl
from ..model import Applicability, Document, Severity
from ..textutil import ends_sentence, first_nonblank, line_deletion, norm_line
from .base import BuiltinRule

SAFE = Applicability.SAFE
UNSAFE = Applicability.UNSAFE


class TitleRepeated(BuiltinRule):
    NEAR = 5

    code = "C102"
    name = "title-repeated"
    family = "caption"
    severity = Severity.ERROR
    what = ("The article's title (its first line) repeated as a line of its own: just below it "
            "(page title and heading both scraped) or further down (a teaser or a related-link "
            "box pointing back at the article).")
    why = ("Scrapers often take both the page title and the article heading, so the title "
           "appears twice; the copy is noise in a corpus and skews deduplication.")
    example = "Floods close the A9\n\nFloods close the A9\nThe road was shut on Monday."
    use_instead = "Floods close the A9\n\nThe road was shut on Monday."
    fix_safety = ("Safe within five lines of the title: only an exact copy is removed and the "
                  "first line stays. Further down, unsafe: a quoted title can be reused as a "
                  "section heading.")
    examples = [
        {"lang": "en", "text": "Floods close the A9\n\nFloods close the A9\nThe road was shut.",
         "flag": True, "fixed": "Floods close the A9\n\nThe road was shut."},
        {"lang": "fr", "text": "Le Tour part de Lille\n0\nLe Tour part de Lille\n\nLe départ est donné.",
         "flag": True},
        {"lang": "de", "text": "Hochwasser in Passau\n\nHochwasser in Passau und Regensburg: die Lage.",
         "flag": False},
    ]

    def check(self, doc: Document):
        title = first_nonblank(doc)
        if title is None or len(title.text) > 300:
            return
        norms = doc.norms
        key = norms[title.index]
        seen = 0
        for ln in doc.lines[title.index + 1 :]:
            if ln.blank:
                continue
            seen += 1
            # Far from the top, a short title ("Live", "Update") may recur legitimately.
            if norms[ln.index] == key and (seen <= self.NEAR or len(key) >= 20):
                # Further down, a quoted title may be reused as a section heading: review it.
                yield self.finding(
                    doc, ln.start, ln.end, "Title repeated below itself",
                    self.fix(SAFE if seen <= self.NEAR else UNSAFE, "Remove the repeated title",
                             line_deletion(doc, ln)),
                )


class RepeatedLine(BuiltinRule):
    code = "C101"
    name = "repeated-media-title"
    family = "caption"
    severity = Severity.ERROR
    what = ("A short line without final punctuation that appears twice or more in a row (only "
            "blank lines between): the title of an embedded video or image, scraped once from "
            "the player and once from its caption. Near the top, below lines that are all "
            "shorter (a weather widget, a section label), the first copy is the headline and "
            "only the later copies are flagged.")
    why = ("Embedded-media titles are not part of the article, are often in another language, "
           "and their repetition is a sure sign of a scraped widget.")
    example = ("Iraq Explained -- ISIS, Syria and War\n\nIraq Explained -- ISIS, Syria and War\n"
               "Für die CEOs von Facebook und Twitter …")
    use_instead = "Für die CEOs von Facebook und Twitter …"
    fix_safety = ("Later copies: safe, the first copy stays; a copy standing across a line "
                  "between the two (a refrain around a verse) is unsafe. The first copy: unsafe, "
                  "since a headline or a live-text line (\"GOAL! … (Brian Graham)\") repeated "
                  "by a widget is article content.")
    examples = [
        {"lang": "de", "text": "ISIS erklärt auf Twitter und Facebook den Krieg\n\n"
         "Iraq Explained -- ISIS, Syria and War\n\n"
         "Iraq Explained -- ISIS, Syria and War\nDer Text beginnt hier.", "flag": True,
         # with --unsafe-fixes; the safe fix keeps the first copy
         "fixed": "ISIS erklärt auf Twitter und Facebook den Krieg\n\nDer Text beginnt hier."},
        {"lang": "en", "text": "Storm warning for the south coast tonight\n\nStorm Eunice hits "
         "Cork\nStorm Eunice hits Cork\nThe storm reached Cork at noon.", "flag": True},
        # A headline under a weather widget, repeated: only the copy is flagged.
        {"lang": "fr", "text": "Lausanne 9° Averses\nPrévisions à 7 jours\n\nLe oui "
         "l'emporte de justesse à Fey\n\nLe oui l'emporte de justesse à Fey\n\nLes électeurs "
         "ont accepté la fusion.", "flag": True},
        {"lang": "fr", "text": "Titre\n\nPremier point\n\nSecond point\n\nLe texte continue.",
         "flag": False},
        # A live-text entry under its minute, repeated by a widget: the first copy is content
        # (the safe fix removes only the copy).
        {"lang": "en", "text": "Thistle 2-1 Raith: as it happened\n\nThe home side pressed.\n\n"
         "78'\n\nGOAL! Thistle 2-1 Raith (Graham)\n\nGOAL! Thistle 2-1 Raith (Graham)\n\n"
         "What a header.", "flag": True,
         "fixed": "Thistle 2-1 Raith: as it happened\n\nThe home side pressed.\n\n78'\n\n"
         "GOAL! Thistle 2-1 Raith (Graham)\n\nWhat a header."},
        {"lang": "es", "text": "Título\n\nImprimir\nAa\nAa\n\nEl texto empieza aquí.",
         "flag": False},
        # A chant's first line sung twice: verse, not a media title.
        {"lang": "pl", "text": "Derby dla Wisły\n\nKibice śpiewali:\n\nJazda, jazda, Biała "
         "Gwiazda,\njazda, jazda, Biała Gwiazda,\ncała Polska śpiewa z nami!\n\nMecz "
         "zakończył się wynikiem 2:1.", "flag": False},
    ]
    MAX_LEN = 150

    def check(self, doc: Document):
        title = first_nonblank(doc)
        for group, across in _repeat_groups(doc):
            first = group[0]
            if title is not None and first.index == title.index:
                continue
            if ends_sentence(first.text) or len(first.text.strip()) > self.MAX_LEN:
                continue
            if first.text.rstrip().endswith(","):
                continue  # a line of verse or a chant going on, not a title
            if len(_LETTERS.findall(first.text)) < 2:
                continue  # "Aa" twice: the text-size buttons of a toolbar, not a media title
            if not _is_headline(doc, first) and not _after_stamp(doc, first):
                yield self.finding(
                    doc, first.start, first.end, "Stray media title repeated in the text",
                    self.fix(UNSAFE, "Remove the first copy too", line_deletion(doc, first)),
                )
            for ln in group[1:]:
                yield self.finding(
                    doc, ln.start, ln.end, "Stray media title repeated in the text",
                    self.fix(UNSAFE if ln.index in across else SAFE, "Remove the repeat",
                             line_deletion(doc, ln)),
                )


# Within this many non-blank lines of the top, a repeated line below only shorter lines is the
# headline (under a weather or section widget), not a media title.
HEADLINE_ZONE = 5


# A live-text entry's stamp alone on its line: a match minute ("78'", "90+4'") or a time of day.
_STAMP = regex.compile(r"^[ \t]*(?:\d{1,3}(?:\+\d{1,2})?[ \t]*['’′]|\d{1,2}[:.h][0-5]\d)[ \t]*$")


def _after_stamp(doc: Document, first) -> bool:
    """Whether the nearest non-blank line above is a live-text stamp: the line is then the
    entry's own text ("78'" / "GOAL! … (Brian Graham)"), which a widget repeated below it."""
    for ln in reversed(doc.lines[: first.index]):
        if not ln.blank:
            return bool(_STAMP.match(ln.text))
    return False


def _is_headline(doc: Document, first) -> bool:
    """Whether the line stands near the top below only shorter lines (a widget's label, a
    kicker): the article's headline, whose repeat below is the artefact, not the line itself."""
    above = []
    for ln in doc.lines[: first.index]:
        if not ln.blank:
            above.append(len(ln.text.strip()))
    if len(above) >= HEADLINE_ZONE:
        return False
    return all(n < len(first.text.strip()) for n in above)


class LineRepeated(BuiltinRule):
    code = "C103"
    name = "line-repeated"
    family = "caption"
    severity = Severity.ERROR
    what = "A sentence or paragraph repeated immediately after itself."
    why = "Scrapers that merge a teaser and the body, or a caption and its image alt text, " \
          "duplicate lines; the copy adds nothing."
    example = "The council met on Monday.\nThe council met on Monday.\nIt voted 5-2."
    use_instead = "The council met on Monday.\nIt voted 5-2."
    fix_safety = ("Safe: the first copy is kept; only exact repeats are removed. A repeat with "
                  "a line between the copies is unsafe (the line may be content; an ad label "
                  "there is removed by its own rule and the copies are then adjacent), and so "
                  "is a short repeat with a short line of other text right above or below it "
                  "(a refrain or a chant in a stanza).")
    examples = [
        {"lang": "en", "text": "Title\n\nThe council met on Monday.\nThe council met on Monday.\n"
         "It voted 5-2.", "flag": True,
         "fixed": "Title\n\nThe council met on Monday.\nIt voted 5-2."},
        {"lang": "es", "text": "Título\n\nEl consejo se reunió el lunes.\n\nEl consejo se "
         "reunió el lunes.\n\nVotó 5-2.", "flag": True},
        {"lang": "it", "text": "Titolo\n\nSì.\n\nNo.\n\nIl consiglio ha votato.", "flag": False},
        # A chorus quoted in a review: reported, but the refrain is only removed on request.
        {"lang": "pt", "text": "Título\n\nO refrão diz assim:\n\nPara, volta, fica.\nPara, volta, "
         "fica.\nDiz-me só uma palavra,\nque a palavra chega.\n\nO público cantou.",
         "flag": True},
        {"lang": "de", "text": "Titel\n\nDer Rat tagte bis in die Nacht hinein.\nAnzeige\n"
         "Der Rat tagte bis in die Nacht hinein.\nDann wurde abgestimmt.", "flag": True,
         "fixed": "Titel\n\nDer Rat tagte bis in die Nacht hinein.\nDann wurde abgestimmt."},
    ]

    def check(self, doc: Document):
        title = first_nonblank(doc)
        for group, across in _repeat_groups(doc):
            first = group[0]
            if title is not None and first.index == title.index:
                continue  # rule C102's case
            if not ends_sentence(first.text) and len(first.text.strip()) <= RepeatedLine.MAX_LEN:
                continue
            if len(first.text.strip()) < 12:
                continue
            verse = _in_stanza(doc, group)
            for ln in group[1:]:
                yield self.finding(
                    doc, ln.start, ln.end, "Line repeated right after itself",
                    self.fix(UNSAFE if verse or ln.index in across else SAFE,
                             "Remove the repeat", line_deletion(doc, ln)),
                )


VERSE_LINE = 80


def _in_stanza(doc: Document, group) -> bool:
    """Whether short repeated lines stand in a stanza (a refrain, a chorus): right above or
    below the copies, with no blank line between, a short line that runs on like a verse (no
    sentence end: "Diz-me só uma palavra,"), not a sentence of one-line-per-sentence prose."""
    if len(group[0].text.strip()) > VERSE_LINE:
        return False
    lines, norms = doc.lines, doc.norms
    key = norms[group[0].index]
    for k in (group[0].index - 1, group[-1].index + 1):
        if 0 <= k < len(lines) and not lines[k].blank and norms[k] != key \
                and len(lines[k].text.strip()) <= VERSE_LINE and not ends_sentence(lines[k].text):
            return True
    return False


# A player leftover alone on its line: a running time ("00:43", "(02:56)", "3:12:47") or a bare
# media label ("Video", "Vídeo", "Wideo").
_PLAYER = regex.compile(
    r"^[ \t▶►]*(?:\(?\d{1,2}:[0-5]\d(?::[0-5]\d)?\)?|Video|VIDEO|Vídeo|VÍDEO|Vidéo|VIDÉO|Wideo|"
    r"WIDEO|Видео|ВИДЕО|VİDEO|Video Haber)[ \t]*$"
)
# A running time alone on its line; MULTILINE so one pattern serves a line and a whole text.
_TIME = regex.compile(r"^[^\S\n]*\(?\d{1,2}:[0-5]\d(?::[0-5]\d)?\)?[^\S\n]*$", regex.MULTILINE)
_LETTERS = regex.compile(r"\p{L}+")
# Three lone times or more: a live blog or a timetable whose times introduce entries.
LIVE_BLOG_TIMES = 3


class LoneDuration(BuiltinRule):
    code = "C211"
    name = "lone-duration"
    family = "caption"
    severity = Severity.ERROR
    what = ("A video's running time alone on its line (\"0:45\", \"(02:56)\", \"3:12:47\") right "
            "under the video's title or player label, with no blank line between.")
    why = "The player was not scraped; its running time is an orphan line in the article."
    example = "Watch: Hartley's second goal\n0:45\nThe win lifts them above City."
    use_instead = "Watch: Hartley's second goal\nThe win lifts them above City."
    fix_safety = ("Safe: the line above must be a title or label (no final punctuation) glued to "
                  "it, and a document with three lone times or more (a live blog's time stamps, "
                  "a timetable) is left alone.")
    examples = [
        {"lang": "en", "text": "Rovers went top.\n\nWatch: Hartley's second goal\n0:45\n\n"
         "The win lifts them above City.", "flag": True},
        {"lang": "de", "text": "Artikel anhören\n04:12\nÖlkonzern übertrifft Erwartungen\n\n"
         "Der Gewinn stieg.", "flag": True},
        {"lang": "en", "text": "Storm live\nKey updates\n\n16:42\n\nThe warning was extended."
         "\n\n16:20\n\nPower is out in Cumbria.", "flag": False},
        {"lang": "en", "text": "Live: storm hits\nRoads closed\n09:15\nThe A9 is shut.\n10:30\n"
         "Trains cancelled\n11:45\nPower cut.", "flag": False},
        {"lang": "de", "text": "Der Rat tagt\n\nDie Sitzung beginnt am Montag.\n15:30\n"
         "Danach folgt die Abstimmung.", "flag": False},
    ]

    def check(self, doc: Document):
        times = list(_TIME.finditer(doc.text))
        if not times or len(times) >= LIVE_BLOG_TIMES:
            return
        lines = doc.lines
        for m in times:
            i = doc.position(m.start())[0] - 1
            above = lines[i - 1] if i > 0 else None
            if above is None or above.blank or ends_sentence(above.text):
                continue  # a time of day heading an entry, not a player's running time
            ln = lines[i]
            yield self.finding(
                doc, ln.start + len(ln.text) - len(ln.text.lstrip()),
                ln.start + len(ln.text.rstrip()), f"Video running time: {ln.text.strip()}",
                self.fix(SAFE, "Remove the line", line_deletion(doc, ln)),
            )


class MediaTitleByPlayer(BuiltinRule):
    MAX_LEN = 160

    code = "C104"
    name = "media-title-by-player"
    family = "caption"
    severity = Severity.WARNING
    what = ("A short line without final punctuation glued (no blank line between) to a player "
            "leftover: just above a lone running time (\"00:43\") or just below a bare "
            "\"Video\" label. It is the title of an embedded video whose player was not scraped.")
    why = ("The player's title and running time are scraped as two orphan lines; the running "
           "time is easy to spot (rule C211), the title next to it is the same artefact.")
    example = ("Burze nad Mazowszem\nNawałnica nad Warszawą w obiektywie czytelnika\n00:43\n"
               "Gwałtowne burze przeszły nad centralną Polską.")
    use_instead = "Burze nad Mazowszem\nGwałtowne burze przeszły nad centralną Polską."
    fix_safety = ("Unsafe: a short heading can stand right above a timestamp in a live blog; "
                  "documents with three or more lone times are skipped, but review the rest.")
    examples = [
        {"lang": "nl", "text": "Storm langs de kust\n\nHet KNMI geeft code oranje af voor de "
         "kust.\n\nVideo\nGolven slaan over de boulevard van Scheveningen\n\nDe boulevard is "
         "afgesloten.", "flag": True,
         "fixed": "Storm langs de kust\n\nHet KNMI geeft code oranje af voor de kust.\n\n"
         "De boulevard is afgesloten."},
        {"lang": "pl", "text": "Burze nad Mazowszem\nNawałnica nad Warszawą w obiektywie "
         "czytelnika\n00:43\nGwałtowne burze przeszły nad centralną Polską.", "flag": True},
        {"lang": "en", "text": "Live: storm hits the coast\n\n09:15\nRoads closed\nThe A9 is shut."
         "\n\n10:30\nTrains cancelled\nNo services run north.\n\n11:45\nPower cut\n"
         "4,000 homes are without power.", "flag": False},
        {"lang": "de", "text": "Der Rat tagt\n\nDie Sitzung beginnt am Montag.\n15:30\n"
         "Danach folgt die Abstimmung über den Haushalt.", "flag": False},
    ]

    def check(self, doc: Document):
        lines = doc.lines
        players = [ln.index for ln in lines if not ln.blank and len(ln.text) < 40
                   and _PLAYER.match(ln.text)]
        if not players:
            return
        if sum(1 for i in players if _TIME.match(lines[i].text)) >= LIVE_BLOG_TIMES:
            return  # a live blog or a timetable: its times introduce entries, not videos
        near = {j for i in players for j in (i - 1, i + 1)}
        title = first_nonblank(doc)
        for ln in (lines[j] for j in sorted(near) if 0 <= j < len(lines)):
            s = ln.text.strip()
            if not s or (title is not None and ln.index == title.index):
                continue
            if len(s) > self.MAX_LEN or ends_sentence(s) or _PLAYER.match(ln.text):
                continue
            if len(_LETTERS.findall(s)) < 2:
                continue
            # The title comes before the player's running time, or after its "Video" label.
            after = lines[ln.index + 1] if ln.index + 1 < len(lines) else None
            before = lines[ln.index - 1] if ln.index > 0 else None
            if not ((after is not None and _TIME.match(after.text))
                    or (before is not None and _PLAYER.match(before.text)
                        and not _TIME.match(before.text))):
                continue
            yield self.finding(
                doc, ln.start + len(ln.text) - len(ln.text.lstrip()),
                ln.start + len(ln.text.rstrip()),
                "Title of an embedded video next to its player leftover",
                self.fix(Applicability.UNSAFE, "Remove the video title", line_deletion(doc, ln)),
            )


_QUOTES = "\"'“”„‟«»‹›‘’‚＂"


class PullQuote(BuiltinRule):
    MIN_WORDS, MAX_WORDS, MIN_LEN, MAX_LEN = 5, 40, 25, 250

    code = "C105"
    name = "pull-quote"
    family = "caption"
    severity = Severity.ERROR
    quotes_are_artefacts = True  # a pull quote is a quotation: no mention guard (mentions.py)
    what = ("A pull quote: a line standing alone between blank lines (in quotation marks or "
            "not) whose words are a passage of a paragraph of the same article, taken out and "
            "set large by the page layout.")
    why = ("The layout repeats a sentence of the article as a display quote; scraped, it is a "
           "duplicate that breaks the flow of the text and skews deduplication.")
    example = ("\"We will not wait,\" the mayor said. \"The bridge must be rebuilt this year.\"\n\n"
               "\"The bridge must be rebuilt this year\"\n\nWork starts in May.")
    use_instead = ("\"We will not wait,\" the mayor said. \"The bridge must be rebuilt this year.\"\n\n"
                   "Work starts in May.")
    fix_safety = ("Safe: the line is removed only when its whole text (five words or more) stands "
                  "word for word in a longer paragraph of the same article, which is kept; not "
                  "when that paragraph is the one right under it (a quoted subheading).")
    examples = [
        {"lang": "it", "text": "Titolo\n\nL'assessore ha annunciato un piano. \"Non possiamo chiedere "
         "ai cittadini di aspettare mesi per un esame\", ha detto.\n\n\"Non possiamo chiedere ai "
         "cittadini di aspettare mesi per un esame\"\n\nIl piano costa 61 milioni.", "flag": True,
         "fixed": "Titolo\n\nL'assessore ha annunciato un piano. \"Non possiamo chiedere ai "
         "cittadini di aspettare mesi per un esame\", ha detto.\n\nIl piano costa 61 milioni."},
        {"lang": "nl", "text": "Titel\n\n\"Dit zijn goedbetaalde banen voor vakmensen, en het gaat "
         "niet alleen om Shell\", zegt de bestuurder.\n\nDit zijn goedbetaalde banen voor "
         "vakmensen\n\nHet bedrijf belooft geen gedwongen ontslagen.", "flag": True},
        {"lang": "en", "text": "Title\n\nWhy the new budget matters for schools\n\nWhy the new "
         "budget matters is simple: the plan raises spending on schools and roads.", "flag": False},
        {"lang": "de", "text": "Titel\n\nDer Rat stimmt am Montag ab.\n\nDer Rat stimmt am Montag "
         "ab.\n\nDanach beginnt der Bau.", "flag": False},
        {"lang": "en", "text": "Title\n\nThe vote was close.\n\nThe council approved the budget\n\n"
         "The council approved the budget on Monday after a long debate.", "flag": False},
        {"lang": "fr", "text": "Titre\n\nLa station ferme.\n\n« Nous avons déjà connu des hivers "
         "difficiles »\n\nLe maire se veut rassurant : « Nous avons déjà connu des hivers "
         "difficiles. La neige finira par arriver. »", "flag": False},
    ]

    MAX_CANDIDATES = 200  # more stand-alone lines than that: a list, not an article

    def check(self, doc: Document):
        lines = doc.lines
        title = first_nonblank(doc)
        cands = []
        for ln in lines:
            if ln.blank or (title is not None and ln.index == title.index):
                continue
            s = ln.text.strip()
            if not (self.MIN_LEN <= len(s) <= self.MAX_LEN):
                continue
            before = lines[ln.index - 1] if ln.index > 0 else None
            after = lines[ln.index + 1] if ln.index + 1 < len(lines) else None
            if not ((before is None or before.blank) and (after is None or after.blank)):
                continue
            inner = s.strip(_QUOTES + " \t").rstrip(".…").strip(_QUOTES + " \t")
            if self.MIN_WORDS <= len(inner.split()) <= self.MAX_WORDS:
                cands.append((ln, s, inner))
        if not cands or len(cands) > self.MAX_CANDIDATES:
            return
        # Every non-blank line once, joined: a candidate's text is looked up with str.find in
        # one string instead of in each line.
        norms = [(ln.index, doc.norms[ln.index]) for ln in lines if not ln.blank]
        joined = "\n".join(text for _, text in norms)
        starts, pos = [], 0
        for _, text in norms:
            starts.append(pos)
            pos += len(text) + 1
        order = {index: i for i, (index, _) in enumerate(norms)}
        for ln, s, inner in cands:
            key = norm_line(inner)
            own = len(doc.norms[ln.index])
            i = order[ln.index] + 1
            following = norms[i][0] if i < len(norms) else None
            if not _quoted_elsewhere(joined, starts, norms, key, ln.index, own, following):
                continue
            yield self.finding(
                doc, ln.start + len(ln.text) - len(ln.text.lstrip()),
                ln.start + len(ln.text.rstrip()),
                "Pull quote: a passage of the article repeated as a line of its own",
                self.fix(SAFE, "Remove the pull quote", line_deletion(doc, ln)),
            )


def _quoted_elsewhere(joined: str, starts: list[int], norms: list, key: str, own_index: int,
                      own_len: int, following: int | None) -> bool:
    """Whether ``key`` stands, as whole words, in a longer line than the candidate's own. The
    paragraph right under the line does not count: the line is then its subheading ("Why the
    budget matters" / "Why the budget matters is simple: …"), often a quotation of it."""
    from bisect import bisect_right

    start = 0
    while (k := joined.find(key, start)) >= 0:
        start = k + 1
        end = k + len(key)
        if (k > 0 and joined[k - 1].isalnum()) or (end < len(joined) and joined[end].isalnum()):
            continue
        i = bisect_right(starts, k) - 1
        index, text = norms[i]
        if index == following:
            continue
        if index != own_index and len(text) > own_len and end <= starts[i] + len(text):
            return True
    return False


def _repeat_groups(doc: Document):
    """Runs of identical non-blank lines separated only by blank lines or by one short line
    that does not end like a sentence (an ad slot or a label between two copies), with the
    indices of the copies that stand across such a line. Their removal is unsafe: the line
    between may be content (a refrain around a verse, "No changes" under each route); when it
    is an ad label, another rule removes it and the next fix pass finds the copies adjacent."""
    nonblank = [ln for ln in doc.lines if not ln.blank]
    norms = doc.norms
    used = set()
    for i, ln in enumerate(nonblank):
        if i in used:
            continue
        key = norms[ln.index]
        group, across, j, skipped = [ln], set(), i + 1, False
        while j < len(nonblank):
            if norms[nonblank[j].index] == key:
                group.append(nonblank[j])
                if skipped:
                    across.add(nonblank[j].index)
                used.add(j)
                j += 1
            elif (j + 1 < len(nonblank) and norms[nonblank[j + 1].index] == key
                  and len(nonblank[j].text.strip()) <= 60 and not ends_sentence(nonblank[j].text)
                  and not nonblank[j].text.lstrip().startswith("<!--")):
                j += 1  # skip the short line between two copies
                skipped = True
            else:
                break
        if len(group) > 1:
            yield group, across


@hookimpl
def hygiene_register_rules(settings):
    return [TitleRepeated(settings), RepeatedLine(settings), LineRepeated(settings),
            MediaTitleByPlayer(settings), PullQuote(settings), LoneDuration(settings)]
