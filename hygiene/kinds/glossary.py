"""Kind ``glossary``: names that machine translation turned into ordinary words.

The pack lists entities (canonical name, the literal renderings per language, stock tickers) and
per-language cues. A rendering is reported only with evidence that it stands for the name:

- strong (safe fix): a ticker right after it (``Gazouillement (TWTR)``), or a speech verb aimed
  at it in the same clause (``a déclaré … au Gardien``, ``sagte ein Sprecher Wächter``);
- weaker (unsafe fix): a reporting cue right after it (``Wächter Berichten zufolge``), one of the
  brand's own product names right after it (``Apfel MacBook Air``), a model number
  (``Fenster 11``), a word for a company, platform or device around it (``urządzenia Jabłko``,
  ``Elma cihazları``), a web address rendered word for word (``Reservar.com``), or — in a
  language that does not capitalise common nouns — a capital letter mid-sentence together with
  another outlet or brand name in the sentence or a strong occurrence elsewhere in the document.

Russian and Polish decline names: a one-word rendering listed in the nominative
(``Телеграмма``, ``Jabłko``) is also matched in its usual case forms (``в Телеграмме``,
``Jabłkiem``). An entity marked ``number_only`` counts only with a model number or a ticker after
it: the German ``Fenster`` is every window of every house, ``Fenster 11`` is the system. An
entity marked ``needs_cue`` has renderings that are also ordinary phrases or other real names
(``Roca Negra`` is a place, ``Città di Manchester`` a town hall, ``Salvar as Crianças`` a verb
phrase): the whole rendered name is no evidence by itself, a cue (a word for a company, team,
charity or outlet around it, a reporting verb after an outlet, the original name elsewhere in
the text) must support it, a name that goes on after "and" (``Natuur en Milieu``) is another
one, and its fix is always unsafe. In a language whose cues say ``title_case`` (English), a rendering of
several words counts only written with the capitals it is listed with (``German Train``, not
``a German train``) and not followed by a further capitalised word (a longer name, a title-case
headline). In a language whose cues say ``quoted_names`` (Russian: ``компании «Красный Бык»``)
the quotation marks that open a name do not hide the words before it.

A rendering inside a short quotation whose sentence also names the original (``convirtió The
Guardian en "El Guardián"``) is an example the article quotes, not an error: it and every other
occurrence of the same rendering in the text are left alone.
"""

from __future__ import annotations

import regex

from ..mentions import SPECIMEN_WORDS, quoted_around
from ..model import Applicability, Document, Edit, Fix
from ..textutil import inside_quote
from .base import PackRule, PerLanguage

_TICKER = "a stock ticker follows it"
# "Concha de Oro", "Palacio de Cristal": the word is part of a longer proper name.
_PARTICLE = r"[ \t]+(?:de|del|della|di|da|do|du|van|von)"
_NAME_GOES_ON = regex.compile(rf"(?:{_PARTICLE})?[ \t]+\p{{Lu}}")
_NAME_GOES_ON_PARTICLE = regex.compile(rf"{_PARTICLE}[ \t]+\p{{Lu}}")
_NEXT_CAPITALISED = regex.compile(r"[ \t]+\p{Lu}")
_NAME_GOES_ON_CONJUNCTION = regex.compile(
    r"[ \t]+(?:&|and|en|et|e|y|und|i|ve|и)[ \t]+\p{Lu}")
_OPENING_QUOTE = regex.compile(r"[«„“\"][ \t]?$")
# "Polarstern 4", "Estação de Jogo 5": a model number right after the word (numbered products).
_MODEL_NUMBER = regex.compile(r"[ \t]+[1-9]\d?(?![\w.,:/%])")
# A version number that is not a count of something ("Fenster 11 im Wechsel", not "Fenster 2
# Stunden"), and the articles and numerals that make the word before it a plain noun.
_VERSION_AFTER = regex.compile(
    r"[ \t]+[1-9]\d?(?![\w.,:/%])(?![ \t]+(?!(?:Pro|Home)\b)\p{Lu}\p{Ll})")
_DETERMINER = regex.compile(
    r"(?<!\w)(?:die|der|das|den|dem|des|de|het|alle|beide|zwei|drei|vier|twee|drie)\s+$",
    regex.IGNORECASE)
# "Reservar.com", "Buchung.com": a rendered word with a web-address ending is no ordinary word.
_WEB_ADDRESS = regex.compile(r"\w\.(?:com|net|org)$", regex.IGNORECASE)
_SENTENCE_END = regex.compile(r"[.!?]\s+\S[^.!?]*$|[.!?]$")


class GlossaryRule(PackRule):
    KEYS = {"entity", "cues", "neighbours"}
    LANGUAGE_KEYS = ()

    @classmethod
    def languages_of(cls, data: dict) -> list[str]:
        langs = set()
        for ent in data.get("entity", []):
            langs.update((ent.get("literals") or {}).keys())
        return sorted(langs)

    def __init__(self, meta, spec):
        super().__init__(meta, spec)
        d = spec.data
        ents = d.get("entity")
        if not isinstance(ents, list) or not ents:
            raise spec.error("a glossary rule needs [[rule.entity]] tables")
        self.by_literal: dict[str, dict[str, dict]] = {}
        self.listed: dict[str, dict[str, str]] = {}  # casefolded rendering -> as listed
        tickers = set()
        for ent in ents:
            bad = set(ent) - {"canonical", "replacement", "literals", "tickers", "type",
                              "localized", "ambiguous", "numbered", "products",
                              "number_only", "needs_cue"}
            if ent.get("type", "outlet") not in ("outlet", "platform", "company", "person"):
                raise spec.error("entity type must be outlet, platform, company or person")
            if bad or "canonical" not in ent or "literals" not in ent:
                raise spec.error("each entity needs canonical and literals "
                                 "(and may have replacement, tickers, type)")
            tickers.update(ent.get("tickers", []))
            for lang, lits in ent["literals"].items():
                for lit in lits:
                    self.by_literal.setdefault(lang, {})[lit.casefold()] = ent
                    self.listed.setdefault(lang, {})[lit.casefold()] = lit
        # Case forms of one-word renderings, where no listed rendering already claims them.
        for ent in ents:
            for lang, lits in ent["literals"].items():
                for lit in lits:
                    for form in _inflections(lit, lang):
                        self.by_literal[lang].setdefault(form.casefold(), ent)
        self.literal_re = PerLanguage(self.by_literal, _literal_pattern)
        self.ticker_re = regex.compile(
            r"\s*\((?:(?:NYSE|NASDAQ|Nasdaq|LSE)\s*:\s*)?(?:"
            + "|".join(sorted(map(regex.escape, tickers)) or ["(?!)"])
            + r")\)"
        )
        for lang, cue in (d.get("cues") or {}).items():
            bad = set(cue) - {"speech", "report", "capitalises_nouns", "not_after", "outlet",
                              "platform", "company", "on", "outlet_after", "platform_after",
                              "company_after", "according", "title_case",
                              "quoted_names"}
            if bad:
                raise spec.error(f"unknown cue {sorted(bad)[0]!r} for {lang}")
        self.cues = PerLanguage(d.get("cues") or {}, _compile_cues)
        if meta.origin != "builtin":  # a user pack's bad pattern fails at load, naming the file
            try:
                for table in (self.literal_re, self.cues):
                    for lang in table.sources:
                        table.get(lang)
            except regex.error as exc:
                raise spec.error(f"invalid cue pattern: {exc}") from None
        names = set(d.get("neighbours", [])) | {e["canonical"] for e in ents}
        self.neighbour_re = regex.compile(
            r"(?<!\w)(?:" + "|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True))
            + r")(?!\w)"
        )

    def check(self, doc: Document):
        lang = doc.language or ""
        pat = self.literal_re.get(lang)
        if pat is None:
            return
        cue = self.cues.get(lang, _NO_CUES)
        matches = [(m, self.by_literal[lang][m.group().casefold()])
                   for m in pat.finditer(doc.text)]
        specimens = {m.group().casefold() for m, ent in matches
                     if _quoted_specimen(doc.text, m, ent)}
        hits = []
        for m, ent in matches:
            if m.group().casefold() in specimens:
                continue  # an example the article quotes ("convertido en "El Guardián"")
            hits.append((m, ent, self._evidence(doc.text, m, cue, ent, lang)))
        confirmed = {id(ent) for _, ent, (strength, _) in hits if strength == "strong"}
        strong_at = [m.start() for m, _, (strength, _) in hits if strength == "strong"]
        for m, ent, (strength, why) in hits:
            if strength == "capital" and id(ent) in confirmed:
                strength, why = "weak", "the same rendering is confirmed elsewhere in the text"
            elif strength == "capital" and any(
                _same_sentence(doc.text, m.start(), k) for k in strong_at
            ):
                strength, why = "weak", "another literal rendering of a name stands in the sentence"
            elif strength == "capital" and not cue["capitalises_nouns"] \
                    and (not ent.get("ambiguous") or ent.get("needs_cue")) \
                    and _mid_sentence(doc.text, m.start()) \
                    and not _NAME_GOES_ON.match(doc.text, m.end()) and _named(doc, ent):
                strength, why = "weak", "the original name stands elsewhere in the text"
            if strength == "strong" and (ent.get("ambiguous") or ent.get("needs_cue")) \
                    and why != _TICKER:
                strength = "weak"  # the rendering is also a real name: review the fix
            if strength not in ("strong", "weak"):
                continue
            # The name as that language writes it ("Билл Гейтс"), else the original form.
            replacement = (ent.get("localized") or {}).get(lang) or ent.get(
                "replacement", ent["canonical"])
            applic = Applicability.SAFE if strength == "strong" else Applicability.UNSAFE
            fix = Fix(applic, f"Restore {replacement!r}", (_minimal_edit(m, replacement),))
            msg = self.format(m.group(), canonical=ent["canonical"], evidence=why)
            yield self.finding(doc, m.start(), m.end(), msg, fix)

    def _evidence(self, text: str, m, cue, ent, lang: str = "") -> tuple[str, str]:
        """("strong" | "weak" | "capital" | "none", why) for one occurrence."""
        if self.ticker_re.match(text, m.end()):
            return "strong", _TICKER
        word = m.group()
        words = word.split()
        if ent.get("number_only"):
            # "läuft Fenster 11": not "die Fenster 2 Stunden", not "Fenster 3 im Obergeschoss"
            # at the start of a sentence (a numbered window of a house).
            before = text[max(0, m.start() - 40) : m.start()]
            if word[:1].isupper() and _VERSION_AFTER.match(text, m.end()) \
                    and _mid_sentence(text, m.start()) and not _DETERMINER.search(before):
                return "weak", "a version number follows it"
            return "none", ""
        # "eines Apfel MacBook Air": the brand's own product name right after the rendering
        # (checked before the article test: the article belongs to the product).
        products = ent.get("products")
        if products and word[:1].isupper() and regex.match(
                r"[ \t]+(?:" + "|".join(map(regex.escape, products)) + r")(?![\w-])",
                text, pos=m.end()):
            return "weak", "one of the brand's product names follows it"
        # MT often writes a rendered name in sentence case ("Tempi finanziari", "Финансовые
        # времена"): the first word's capital is enough for a name of several words.
        if not words[-1 if len(words) == 1 else 0][:1].isupper():
            return "none", ""
        before = text[max(0, m.start() - 90) : m.start()]
        if cue.get("quoted_names"):
            # "компании «Красный Бык»": the name's own quotation marks are no boundary.
            before = _OPENING_QUOTE.sub("", before)
        tail = regex.split(r"[.!?]\s|[«»\"“”„]", before)[-1]
        if len(words) > 1 and cue.get("title_case") and (
                not self._cased_as_listed(word, lang)
                or _NEXT_CAPITALISED.match(text, m.end())):
            # "a German train", "German Train Drivers Strike Again": the words themselves.
            return "none", ""
        if len(words) > 1 and words[0][:1].isupper() and (
                tail.strip() or words[0] == ent["canonical"].split()[0]) \
                and not ent.get("needs_cue"):
            # "Tim Cuisinier", "Poste de Washington": a whole rendered name is unambiguous
            # mid-sentence; at a sentence start "Blauer Himmel" may be the words themselves.
            return "strong", "the whole name is rendered word for word"
        if ent.get("needs_cue") and _NAME_GOES_ON_CONJUNCTION.match(text, m.end()):
            # "Natuur en Milieu", "Roca Negra y Asociados": a longer name of something else.
            return "none", ""
        # "einen Apfel", "une pomme": an indefinite or possessive means the ordinary noun.
        if cue["not_after"] is not None and cue["not_after"].search(tail):
            return "none", ""
        if _WEB_ADDRESS.search(word):
            return "weak", "a web address is rendered word for word"
        if ent.get("numbered") and _MODEL_NUMBER.match(text, m.end()):
            return "weak", "a model number follows it"
        # People speak *to* an outlet, not to an app or a company ("au Télégramme" is a real
        # Breton daily, not the messaging app).
        if ent.get("type", "outlet") == "outlet" and cue["speech"] is not None \
                and cue["speech"].search(tail):
            return "strong", "a speech verb is aimed at it"
        after = text[m.end() : m.end() + 40]
        if cue["report"] is not None and cue["report"].match(after) and not (
                ent.get("needs_cue") and ent.get("type", "outlet") != "outlet"):
            # (A group or a charity of that real name publishes and reports too.)
            return "weak", "a reporting verb follows it"
        according = cue.get("according")
        if ent.get("type", "outlet") == "outlet" and according is not None \
                and according.search(tail):
            return "weak", "it is cited as a source (according to …)"
        kind = ent.get("type", "outlet")
        nouns = cue.get(kind)
        if nouns is not None and nouns.search(tail):
            return "weak", f"it follows a word for an {kind}" if kind[0] in "aeiou" \
                else f"it follows a word for a {kind}"
        on = cue.get("on")
        if kind == "platform" and on is not None and on.search(tail):
            return "weak", "a platform preposition (on …) precedes it"
        after_nouns = cue.get(f"{kind}_after")
        if after_nouns is not None and after_nouns.match(text, m.end()):
            return "weak", f"a word for an {kind} follows it" if kind[0] in "aeiou" \
                else f"a word for a {kind} follows it"
        if not cue["capitalises_nouns"]:
            # "la Concha de Oro", "il Palazzo di Cristallo": a name that goes on after a
            # particle is a longer proper name (a prize, a building), not the brand.
            mid_sentence = bool(tail.strip()) and not tail.rstrip().endswith((":",)) \
                and not _NAME_GOES_ON_PARTICLE.match(text, m.end())
            sentence = tail + text[m.end() : m.end() + 200].split(". ")[0]
            if ent.get("ambiguous"):  # "Amazon … Amazônia": the real word beside the name
                sentence = sentence.replace(ent["canonical"], "")
            if mid_sentence and self.neighbour_re.search(sentence.replace(word, "")):
                return "weak", "it is capitalised mid-sentence next to other outlet or brand names"
        return "capital", ""

    def _cased_as_listed(self, word: str, lang: str) -> bool:
        listed = self.listed.get(lang, {}).get(word.casefold(), word)
        return all(not b[:1].isupper() or a[:1].isupper()
                   for a, b in zip(word.split(), listed.split()))


def _quoted_specimen(text: str, m, ent: dict) -> bool:
    """Whether the rendering is quoted as an example: a short quotation (a few words) in a
    sentence that also names the original (``The Guardian convertido en "El Guardián"``)."""
    if not inside_quote(text, m.start()):
        return False
    inner = quoted_around(text, m.start(), m.end())
    if inner is None or len(inner.split()) > SPECIMEN_WORDS:
        return False
    names = {ent["canonical"], ent.get("replacement", ent["canonical"]),
             *(ent.get("localized") or {}).values()}
    lo, hi = max(0, m.start() - 300), min(len(text), m.end() + 300)
    for name in names:
        for n in regex.finditer(rf"(?<!\w){regex.escape(name)}(?!\w)", text, pos=lo, endpos=hi):
            if _same_sentence(text, m.start(), n.start()):
                return True
    return False


_SENTENCE_START = (".", "!", "?", ":", "\n", "»", "«", "\"", "“", "„")


def _mid_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 90) : start].rstrip(" \t")
    return bool(before) and not before.endswith(_SENTENCE_START)


def _named(doc: Document, ent: dict) -> bool:
    """Whether the entity's own name stands in the document (MT kept it in one place)."""
    name = ent["canonical"]
    return name in doc.text and regex.search(
        rf"(?<!\w){regex.escape(name)}(?!\w)", doc.text) is not None


def _same_sentence(text: str, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return hi - lo < 300 and not regex.search(r"[.!?]\s", text[lo:hi])


def _minimal_edit(m, replacement: str) -> Edit:
    """Replace only the words that differ ("Tim Koch" -> "Tim Cook" edits "Koch")."""
    old, new = m.group().split(" "), replacement.split(" ")
    start, end = m.start(), m.end()
    while len(old) > 1 and len(new) > 1 and old[0] == new[0]:
        start += len(old[0]) + 1
        old, new = old[1:], new[1:]
    while len(old) > 1 and len(new) > 1 and old[-1] == new[-1]:
        end -= len(old[-1]) + 1
        old, new = old[:-1], new[:-1]
    return Edit(start, end, " ".join(new))


# Case endings of the nominative's last letters (longest first); a form that is no word of the
# language simply never matches. Only one-word renderings of at least five letters are declined.
_ENDINGS = {
    "ru": (("ка", ("ки", "ке", "ку", "кой", "кою")), ("а", ("ы", "е", "у", "ой", "ою")),
           ("я", ("и", "е", "ю", "ей")), ("о", ("а", "у", "ом", "е")),
           ("ь", ("я", "ю", "ем", "е", "и", "ью")),
           ("", ("а", "у", "ом", "е", "ы", "ов"))),
    "pl": (("ko", ("ka", "ku", "kiem")), ("o", ("a", "u", "em", "ie")),
           ("ka", ("ki", "kę", "ką", "ce")), ("a", ("y", "i", "ę", "ą", "ie", "e")),
           ("k", ("ka", "ku", "kowi", "kiem", "ki", "ków")),
           ("", ("a", "u", "owi", "em", "ie", "y", "ów"))),
}


def _inflections(lit: str, lang: str) -> list[str]:
    table = _ENDINGS.get(lang)
    if table is None or " " in lit or len(lit) < 5 or not lit[-1:].isalpha():
        return []
    low = lit[-1].lower()
    for ending, forms in table:
        if ending and not lit.lower().endswith(ending):
            continue
        if not ending and low in "аеёиоуыэюяьйaeiouyąęó":
            return []  # a vowel ending not in the table: leave the word alone
        stem = lit[: len(lit) - len(ending)]
        return [stem + f for f in forms]
    return []


def _literal_pattern(lits: dict) -> regex.Pattern:
    return regex.compile(
        r"(?<![\w-])(?:"
        + "|".join(regex.escape(x) for x in sorted(lits, key=len, reverse=True))
        + r")(?![\w-])",
        regex.IGNORECASE,
    )


def _compile_cues(cue: dict) -> dict:
    flags = regex.IGNORECASE

    def opt(key, fmt):
        return regex.compile(fmt.format(cue[key]), flags) if cue.get(key) else None

    out = {
        "speech": opt("speech", "{}"),
        "report": opt("report", "{}"),
        "capitalises_nouns": bool(cue.get("capitalises_nouns", False)),
        "title_case": bool(cue.get("title_case", False)),
        "quoted_names": bool(cue.get("quoted_names", False)),
        "not_after": opt("not_after", "(?:{})$"),
    }
    for t in ("outlet", "platform", "company"):
        if cue.get(t):
            out[t] = opt(t, "(?:{})\\s+(?:\\S+\\s+){{0,2}}$")
    for t in ("outlet", "platform", "company"):
        if cue.get(f"{t}_after"):
            out[f"{t}_after"] = opt(f"{t}_after", "\\s*(?:{})")
    for t, fmt in (("on", "(?:{})\\s+$"), ("according", "(?:{})\\s+$")):
        if cue.get(t):
            out[t] = opt(t, fmt)
    return out


_NO_CUES = {"speech": None, "report": None, "capitalises_nouns": False, "not_after": None,
            "title_case": False}
