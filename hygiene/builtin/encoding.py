"""Encoding damage: mojibake, leftover HTML entities, control and invisible characters."""

from __future__ import annotations

import html

import regex

from .. import hookimpl
from ..model import Applicability, Document, Edit, Severity
from .base import BuiltinRule

SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE


class Mojibake(BuiltinRule):
    code = "E101"
    name = "mojibake"
    family = "encoding"
    severity = Severity.ERROR
    what = "Text decoded with the wrong encoding (UTF-8 read as Latin-1 or Windows-1252)."
    why = "Mojibake such as `Ã©tÃ©` for `été` corrupts words, search and every model trained on it."
    example = "Le prÃ©sident a rÃ©pondu."
    use_instead = "Le président a répondu."
    fix_safety = ("Safe: ftfy repairs only sequences it can decode back exactly; a pair ftfy "
                  "leaves is repaired alone only when it decodes to a letter and the word list "
                  "knows the repaired word, or the pair cannot be text (`Å‚` inside a word).")
    examples = [
        {"lang": "fr", "text": "Le prÃ©sident a rÃ©pondu aux questions.", "flag": True,
         "fixed": "Le président a répondu aux questions."},
        {"lang": "en", "text": "It didnâ€™t work, the minister said.", "flag": True,
         "fixed": "It didn’t work, the minister said."},
        {"lang": "pl", "text": "Kraków: w Å›rodę to byÅ‚o trudne.", "flag": True,
         "fixed": "Kraków: w środę to było trudne."},
        {"lang": "en", "text": "Cells fell below 60 per cent after 1,200Â cycles.", "flag": True,
         "fixed": "Cells fell below 60 per cent after 1,200 cycles."},
        {"lang": "fr", "text": "Le parcours fait 10Â km de long.", "flag": True,
         "fixed": "Le parcours fait 10 km de long."},
        {"lang": "pt", "text": "ÂNGULO RETO: a obra de Â. Silva", "flag": False},
        {"lang": "pt", "text": "A eleição foi em São Paulo, disse o ministro.", "flag": False},
        {"lang": "tr", "text": "Şehir meclisi başkanı İzmir’de konuştu.", "flag": False},
    ]
    # Two-character shapes mojibake leaves: UTF-8 lead bytes read as Windows-1252 (Ã©, â€™,
    # Å›) or Windows-1251 (Ð°, Ñ, Рё, СЃ). Only lines showing one go to ftfy.
    _HINT = regex.compile(
        r"[ÃÂâÐÑÄÅÆÈÉÎÏÕÖØÙÚÛÜ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
        r"\u02c6\u02dc\u2013-\u2122]"
        r"|[РС][ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—™љ›њќћџЎўЈ¤Ґ¦§Ё©Є«¬®Ї°±Ііґµ¶·ё№є»јЅѕї]"
    )

    def check(self, doc: Document):
        if doc.text.isascii():
            return
        hinted = self._HINT.search(doc.text) is not None
        orphan = "Â" in doc.text and _ORPHAN_A.search(doc.text) is not None
        if not hinted and not orphan and doc.language not in _LATIN2_LANGS:
            return
        import ftfy

        for ln in doc.lines:
            if ln.text.isascii():
                continue
            if hinted and self._HINT.search(ln.text):
                fixed = ftfy.fix_encoding(ln.text)
                if fixed == ln.text:  # a character outside the code page blocks the whole line
                    fixed = _fix_runs(ln.text, ftfy.fix_encoding)
                fixed = _fix_pairs(fixed, doc.language)
            else:
                fixed = ln.text
            fixed = _fix_latin2(fixed, doc.language)
            if orphan:
                fixed = _ORPHAN_A.sub("", fixed)
            if fixed == ln.text:
                continue
            for a, b, repl in _runs(ln.text, fixed):
                yield self.finding(
                    doc, ln.start + a, ln.start + b,
                    f"Mojibake: {ln.text[a:b]!r} should read {repl!r}",
                    self.fix(SAFE, "Repair the encoding", Edit(ln.start + a, ln.start + b, repl)),
                )


# The lead byte of a UTF-8 no-break space read as Latin-1 ("1,200Â\xa0cycles") whose second
# byte a scraper then turned into a plain space: "1,200Â cycles", "10Â km". "Â" after a digit,
# a small letter or a closing sign and before a space or tab is no letter of any language.
_ORPHAN_A = regex.compile(r"(?<=[\d\p{Ll}%.,;:)\]])Â(?=[ \t])")


# Runs of characters that Windows-1252 can encode: mojibake lives inside such runs.
_CP1252_RUN = regex.compile(
    "[\\x20-\\x7e\\xa0-\\xff\\u0152\\u0153\\u0160\\u0161\\u0178\\u017d\\u017e\\u0192"
    "\\u02c6\\u02dc\\u2013\\u2014\\u2018-\\u201e\\u2020-\\u2022\\u2026\\u2030\\u2039\\u203a"
    "\\u20ac\\u2122\\x80-\\x9f]+"
)


def _fix_runs(line: str, fix) -> str:
    return _CP1252_RUN.sub(lambda m: fix(m.group()), line)


# What ftfy leaves: it judges a whole line (or run), and a line that also holds correct letters
# outside Latin-1 ("ą", "ż", "ı") or rare enough pairs reads to it as intended text, so
# "byÅ‚o" (było) and "baÅŸkan" (başkan) stay. Here each pair or triple is judged on its own:
# a Latin-1 / Windows-1252 character that is a UTF-8 lead byte followed by the continuation
# bytes it needs. It is repaired only when it decodes to one letter and either the word list
# knows the repaired word much better than the damaged one, or the pair cannot be text: Ã, Ä
# or Å (the lead bytes of à-ÿ and of Latin Extended-A: ą ę ł ś ş ż ğ ı …) followed by a C1
# control or a Windows-1252 sign other than a single quote (‚ › ™ …), after a lower-case
# letter or before one at the start of a word.
def _cp1252_byte(ch: str) -> int:
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(ch)  # the five C1 controls Windows-1252 leaves undefined, read as Latin-1


_CONT_CHARS = "".join(
    sorted({chr(c) for c in range(0x80, 0xC0)}
           | {bytes([c]).decode("cp1252", "ignore") for c in range(0x80, 0xC0)} - {""}))
# Continuations that are no letter: control characters and Windows-1252 punctuation. Single
# quotes are left out: "Ä’s" can be the possessive of a name in capitals.
_CONT_SIGNS = frozenset(c for c in _CONT_CHARS if not c.isalpha() and (
    ord(c) < 0xA0 or ord(c) > 0xFF) and c not in "‘’")
_CONT = "[" + regex.escape(_CONT_CHARS, special_only=False) + "]"
_SEQ = regex.compile(rf"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}")
_SEQ_WORD = regex.compile(rf"(?:{_SEQ.pattern}|\w)+")
_CERTAIN_LEADS = "ÃÄÅ"


def _decode_seq(seq: str) -> str | None:
    """The letter a mojibake pair or triple stands for, or None."""
    raw = bytes(_cp1252_byte(c) for c in seq)
    try:
        ch = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return ch if len(ch) == 1 and ch.isalpha() else None


def _fix_pairs(line: str, lang: str | None) -> str:
    if not _SEQ.search(line):
        return line

    def repl(w):
        word, base = w.group(), w.start()
        found = []  # (start, end, letter, certain) within the word
        for m in _SEQ.finditer(word):
            ch = _decode_seq(m.group())
            if ch is None:
                continue
            before = line[base + m.start() - 1] if base + m.start() else ""
            after = line[base + m.end()] if base + m.end() < len(line) else ""
            # Inside a lower-case word, or starting one: never a name in capitals with a sign
            # after it ("MANHÃ”").
            certain = (len(m.group()) == 2 and m.group()[0] in _CERTAIN_LEADS
                       and m.group()[1] in _CONT_SIGNS
                       and (before.islower() or (not before.isalpha() and after.islower())))
            found.append((m.start(), m.end(), ch, certain))
        if not found:
            return word
        repaired = _splice(word, found)
        if lang and _known_better(repaired, word, lang):
            return repaired
        return _splice(word, [x for x in found if x[3]])

    return _SEQ_WORD.sub(repl, line)


def _known_better(repaired: str, damaged: str, lang: str) -> bool:
    """Whether the word list knows ``repaired`` much better than ``damaged``, read either as a
    word or as a word followed or preceded by the sign a pair ends with ("FÃ”" is "fã" and a
    closing quote as much as it is "fô"), and the repair does not break the word's case."""
    from ..wordlist import zipf

    if len(repaired) < 2 or not _case_fits(repaired):
        return False
    bare = _NON_WORD_EDGES.sub("", damaged)
    before = max(zipf(damaged, lang), zipf(bare, lang) if bare else 0.0)
    return zipf(repaired, lang) > before + 1.0


_NON_WORD_EDGES = regex.compile(r"^\W+|\W+$")


def _case_fits(word: str) -> bool:
    """Lower case, upper case or capitalised: not "SIą" or "baŞ"."""
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


def _splice(word: str, repairs) -> str:
    out, pos = [], 0
    for a, b, ch, _ in repairs:
        out += [word[pos:a], ch]
        pos = b
    return "".join(out) + word[pos:]


# Central-European text (ISO-8859-2) read as Latin-1 leaves "G³osowanie" for "Głosowanie". ftfy
# cannot know which legacy code page was meant, so a word is re-read as Latin-2 only when the
# language's word list knows the result and not the original.
_LATIN2_LANGS = {"pl", "cs", "sk", "hu", "sl", "hr", "ro"}
def _fix_latin2(line: str, lang: str | None) -> str:
    if lang not in _LATIN2_LANGS or not regex.search(r"[\xa1-\xbf]", line):
        return line
    from ..wordlist import zipf as zipf_frequency

    def repl(m):
        word = m.group()
        try:
            cand = word.encode("latin-1").decode("iso-8859-2")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return word
        if cand.isalpha() and zipf_frequency(cand, lang) > zipf_frequency(word, lang) + 1.0:
            return cand
        return word

    return regex.sub(r"\w+[\xa1-\xbf][\w\xa1-\xbf]*|[\xa1-\xbf]\w[\w\xa1-\xbf]*", repl, line)


_ASCII_OR_NOT = regex.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


def _runs(old: str, new: str):
    """Each damaged run of ``old`` and its repair, so no edit spans undamaged text.

    Mojibake is made of non-ASCII characters only, so the diff runs over alternating ASCII and
    non-ASCII chunks (a handful per line) instead of characters; each differing stretch is then
    trimmed to what really changed."""
    import difflib

    a, b = _ASCII_OR_NOT.findall(old), _ASCII_OR_NOT.findall(new)
    pos_a = _offsets(a)
    pos_b = _offsets(b)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        s1, e1, s2, e2 = pos_a[i1], pos_a[i2], pos_b[j1], pos_b[j2]
        while s1 < e1 and s2 < e2 and old[s1] == new[s2]:
            s1, s2 = s1 + 1, s2 + 1
        while e1 > s1 and e2 > s2 and old[e1 - 1] == new[e2 - 1]:
            e1, e2 = e1 - 1, e2 - 1
        yield s1, e1, new[s2:e2]


def _offsets(chunks: list[str]) -> list[int]:
    out = [0]
    for c in chunks:
        out.append(out[-1] + len(c))
    return out


class HtmlEntity(BuiltinRule):
    code = "E102"
    name = "html-entity"
    family = "encoding"
    severity = Severity.ERROR
    what = "An HTML entity left in plain text (`&amp;nbsp;`, `&#8217;`, `&quot;`)."
    why = "Entities are markup, not text; left in, they break words and tokenisation."
    example = "It&#8217;s the mayor&amp;nbsp;who decides."
    use_instead = "It’s the mayor who decides."
    fix_safety = "Safe: the entity is decoded (a no-break space becomes a plain space)."
    examples = [
        {"lang": "en", "text": "It&#8217;s the mayor who decides.", "flag": True,
         "fixed": "It’s the mayor who decides."},
        {"lang": "de", "text": "Der Bürgermeister&amp;nbsp;entscheidet.", "flag": True,
         "fixed": "Der Bürgermeister entscheidet."},
        {"lang": "en", "text": "AT&T and R&D budgets rose; Q&A follows.", "flag": False},
    ]
    _ENTITY = regex.compile(r"&(?:amp;)*(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,31});")

    def check(self, doc: Document):
        if "&" not in doc.text:
            return
        for m in self._ENTITY.finditer(doc.text):
            raw = m.group()
            decoded = raw
            for _ in range(4):
                nxt = html.unescape(decoded)
                if nxt == decoded:
                    break
                decoded = nxt
            if decoded == raw:
                continue
            decoded = decoded.replace("\u00a0", " ")
            yield self.finding(
                doc, m.start(), m.end(), f"HTML entity {raw!r} left in the text",
                self.fix(SAFE, f"Decode to {decoded!r}", Edit(m.start(), m.end(), decoded)),
            )


class _CharClassRule(BuiltinRule):
    chars = regex.compile("(?!)")
    applicability = SAFE
    label = ""

    def check(self, doc: Document):
        for m in self.chars.finditer(doc.text):
            if m.start() == 0 and m.group() == "\ufeff":
                continue
            names = ", ".join(f"U+{ord(c):04X}" for c in m.group())
            fix = (
                self.fix(self.applicability, f"Remove the {self.label}", Edit(*m.span(), ""))
                if self.applicability
                else None
            )
            yield self.finding(doc, m.start(), m.end(), f"{self.label.capitalize()} {names}", fix)


class ControlCharacter(_CharClassRule):
    code = "E103"
    name = "control-character"
    family = "encoding"
    severity = Severity.ERROR
    label = "control character"
    chars = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+")
    what = "ASCII or C1 control characters (other than tab and line breaks) inside the text."
    why = "They are invisible leftovers of binary formats or bad decoding and break tools."
    example = "The vote\x08 passed."
    use_instead = "The vote passed."
    fix_safety = "Safe: control characters carry no text."
    examples = [
        {"lang": "en", "text": "The vote\x08 passed.", "flag": True, "fixed": "The vote passed."},
        {"lang": "fr", "text": "Le vote\x1a est acquis.", "flag": True},
        {"lang": "en", "text": "Tabs\tare fine.\r\nSo are CRLF line ends.", "flag": False},
    ]


class InvisibleCharacter(_CharClassRule):
    code = "E104"
    name = "invisible-character"
    family = "encoding"
    severity = Severity.ERROR
    label = "invisible character"
    chars = regex.compile(r"[\u200b\u2060\ufeff\u00ad]+")
    what = "Zero-width spaces, word joiners, stray byte-order marks and soft hyphens."
    why = "They split words invisibly, so search, deduplication and tokenisers see garbage."
    example = "The mini\u200bster said."
    use_instead = "The minister said."
    fix_safety = ("Safe: these characters carry no text. Zero-width joiners, which scripts and "
                  "emoji need, are left alone.")
    examples = [
        {"lang": "en", "text": "The mini\u200bster said.", "flag": True,
         "fixed": "The minister said."},
        {"lang": "de", "text": "Der Minis\u00adter sagte.", "flag": True},
        {"lang": "en", "text": "A family emoji 👨\u200d👩\u200d👧 stays.", "flag": False},
    ]


class BidiControl(_CharClassRule):
    code = "E105"
    name = "bidi-control"
    family = "encoding"
    severity = Severity.WARNING
    applicability = UNSAFE
    label = "bidirectional control character"
    chars = regex.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f]+")
    what = "Bidirectional formatting characters (LRE, RLO, LRI, PDI …) in the text."
    why = "Outside right-to-left passages they are leftovers that can reorder what readers see."
    example = "The \u202eprice\u202c rose."
    use_instead = "The price rose."
    fix_safety = "Unsafe: text that mixes right-to-left scripts may need them."
    examples = [
        {"lang": "en", "text": "The \u202eprice\u202c rose.", "flag": True},
        {"lang": "ru", "text": "Цена \u2066выросла\u2069.", "flag": True},
        {"lang": "en", "text": "The price rose.", "flag": False},
    ]


class ReplacementCharacter(_CharClassRule):
    code = "E106"
    name = "replacement-character"
    family = "encoding"
    severity = Severity.WARNING
    fixable = "never"
    applicability = None
    label = "replacement character"
    chars = regex.compile(r"\ufffd+")
    what = "U+FFFD, the character a decoder puts where it met bytes it could not read."
    why = "The original character is lost; the text needs to be scraped again or repaired by hand."
    example = "Le pr\ufffdsident a r\ufffdpondu."
    use_instead = "Le président a répondu."
    fix_safety = "No fix: the lost character cannot be known."
    examples = [
        {"lang": "fr", "text": "Le pr\ufffdsident a r\ufffdpondu.", "flag": True},
        {"lang": "es", "text": "El presidente respondi\ufffd.", "flag": True},
        {"lang": "fr", "text": "Le président a répondu.", "flag": False},
    ]


@hookimpl
def hygiene_register_rules(settings):
    return [cls(settings) for cls in (Mojibake, HtmlEntity, ControlCharacter, InvisibleCharacter,
                                      BidiControl, ReplacementCharacter)]
