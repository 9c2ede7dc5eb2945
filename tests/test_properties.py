"""Property tests for the fix engine: random articles with known artefacts, in several scripts,
with random line endings, BOMs and final newlines.

For every generated document ``Linter.fix`` must (a) produce exactly the original text with its
applied edits spliced in, pass by pass (``DocResult.passes``), so every character outside the
edits survives, in order; (b) be idempotent; (c) never delete non-whitespace text outside the
span of a finding whose fix it applies. Written to a file and fixed through the real file path,
the bytes are the fixed text in the file's own encoding, BOM included.
"""

from __future__ import annotations

import codecs
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hygiene.config import Settings
from hygiene.engine import Linter
from hygiene.fixes import final_edits, select_fixes, splice
from hygiene.io.textfile import decode
from hygiene.model import Document
from hygiene.run import Mode, process_file

WORDS = {
    "en": "the council met on monday to discuss budget schools roads while residents asked "
          "about taxes and the mayor said a new park would open next spring".split(),
    "fr": "le conseil municipal s’est réuni lundi pour voter le budget des écoles et les "
          "habitants ont posé des questions sur les impôts locaux".split(),
    "de": "der Stadtrat hat am Montag über den Haushalt der Schulen beraten und die Bürger "
          "fragten nach Steuern für größere Straßen".split(),
    "ru": "городской совет в понедельник обсудил бюджет школ и жители задали вопросы о "
          "налогах и новых дорогах".split(),
    "pl": "rada miasta w poniedziałek omówiła budżet szkół a mieszkańcy pytali o podatki "
          "i nowe drogi".split(),
}

# Lines a scraper leaves behind, as whole lines between paragraphs.
ARTEFACT_LINES = [
    "$config[ads_top] not found",
    "$config[ads_kvadrat] not found",
    "Advertisement",
    "ADVERTISEMENT",
    "Anzeige",
    "Publicité",
    "Anonim",
    "Share this:",
    "0",
    "Foto: dpa",
    "{{ author }}",
    "Read more: Council approves the budget",
]

COMMENT_FORM = [
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Comment",
    "Name *",
    "Email *",
    "Website",
    "Save my name, email, and website in this browser for the next time I comment.",
]

ENCODINGS = [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
             ("utf-16-be", codecs.BOM_UTF16_BE)]


@pytest.fixture(scope="module")
def linter():
    return Linter(Settings())


@st.composite
def documents(draw):
    """(text, encoding name, BOM, language): paragraphs of one language's words with
    artefact lines."""
    lang = draw(st.sampled_from(sorted(WORDS)))
    words = st.sampled_from(WORDS[lang])
    lines = [draw(st.lists(words, min_size=2, max_size=6).map(" ".join)).capitalize()]
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", " ", "\t"])))
        if draw(st.integers(0, 2)) == 0:
            lines += [draw(st.sampled_from(ARTEFACT_LINES)), ""]
        sentence = st.lists(words, min_size=6, max_size=20).map(lambda w: " ".join(w) + ".")
        lines.append(" ".join(s.capitalize() for s in draw(st.lists(sentence, min_size=1,
                                                                        max_size=3))))
    if draw(st.integers(0, 3)) == 0:
        lines += ["", *COMMENT_FORM[: draw(st.integers(2, len(COMMENT_FORM)))]]
    endings = draw(st.sampled_from(["lf", "crlf", "mixed"]))
    eols = [draw(st.sampled_from(["\n", "\r\n"])) if endings == "mixed"
            else "\r\n" if endings == "crlf" else "\n" for _ in lines]
    text = "".join(line + eol for line, eol in zip(lines, eols))
    if not draw(st.booleans()):  # no final newline
        text = text[: -len(eols[-1])]
    codec, bom = draw(st.sampled_from(ENCODINGS))
    return text, codec, bom, lang


def _bare_cr(text: str) -> int:
    return text.count("\r") - text.count("\r\n")


def _check_passes(linter, original: str, res) -> None:
    """(a) and (c): replay the engine's passes and compare with what it says it did."""
    text = original
    for edits in res.passes:
        assert edits == sorted(edits)
        assert all(a.end <= b.start for a, b in pairwise(edits)), "overlapping edits"
        assert all(0 <= e.start <= e.end <= len(text) for e in edits)
        # The same pass, replayed: the findings whose fixes applied, and their spans.
        findings = linter.check(Document("doc.txt", text, res.document.language)).findings
        chosen = select_fixes(findings, unsafe=False)
        assert final_edits(text, [e for f in chosen for e in f.fix.edits]) == edits
        spans = [(f.start, f.end) for f in chosen]
        for e in edits:
            for i in range(e.start, e.end):
                if not text[i].isspace():
                    assert any(a <= i < b for a, b in spans), (
                        f"edit {e} deletes {text[i]!r} at {i}, outside every finding's span")
        text = splice(text, edits)
    assert text == (res.fixed_text if res.fixed_text is not None else original)


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_fix_is_the_original_minus_its_edits_and_idempotent(linter, doc):
    # The language is the generated one: detected again on the fixed text, it can change (an
    # English comment form under a German article) and with it the rules that apply.
    original, _, _, lang = doc
    res = linter.fix(Document("doc.txt", original, lang))
    _check_passes(linter, original, res)
    fixed = res.fixed_text if res.fixed_text is not None else original
    # (b) fixing twice is fixing once
    again = linter.fix(Document("doc.txt", fixed, lang))
    assert again.fixed_text is None, f"a second fix changed {fixed!r} to {again.fixed_text!r}"
    # Line endings: no fix splits a CRLF; the final newline stays as it was.
    assert _bare_cr(fixed) <= _bare_cr(original)
    if fixed.strip():
        assert fixed.endswith("\n") == original.endswith("\n")


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(documents())
def test_a_fixed_file_is_the_fixed_text_in_its_own_encoding(linter, tmp_path, doc):
    text, codec, bom, _ = doc
    data = bom + text.encode(codec)
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    assert decode(data)[0] == text  # decoding is exact
    out = process_file(linter, str(path), Mode(fix=True))
    assert not out.errors
    (res,) = out.results
    expected = text if res.fixed_text is None else res.fixed_text
    assert path.read_bytes() == bom + expected.encode(codec)
    assert not list(tmp_path.glob(".*hygiene-tmp"))
