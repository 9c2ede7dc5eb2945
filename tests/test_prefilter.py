"""Needles: a pattern or phrase is skipped only when a document cannot contain a match."""

from __future__ import annotations

import sys

import pytest
import regex

from hygiene.kinds.prefilter import pattern_needles, phrase_needle


@pytest.mark.parametrize("pattern, needles", [
    (r"\$config\[[^\]\n]{1,80}\]\s+not\s+found", {"$config["}),
    (r"(?:Read more|Lire aussi)\s*:", {"read more", "lire aussi"}),
    (r"(?:Foto|Photo)?\s*:\s*\p{Lu}\p{L}+", {":"}),   # an optional word is not required
    (r"\bsoll(?:en|te)?\b(?=[^.]{1,80}\bhaben\b)", {"soll"}),
    (r"\\p{L}", {"\\p{l}"}),                          # an escaped backslash, then p{L}
    (r"\d{1,3}", None),                                # no literal text at all
    (r"(?:Share|\d+ comments)", {"share", " comments"}),
    (r"(?:Share|\d+)", None),                          # one branch has no needle
    (r"\L<words>", None),                              # regex-only syntax the parser refuses
])
def test_pattern_needles(pattern, needles):
    assert pattern_needles(pattern) == needles


@pytest.mark.parametrize("phrase, edges, needle", [
    ("Laisser un commentaire", (True, True), "commentaire"),
    ("%s comments", (True, True), "comments"),
    ("{name}s Newsletter", (True, True), "newsletter"),   # "s" touches the wildcard
    ("min read", (False, True), "read"),                  # unbounded left edge: not "min"
    ("%s", (True, True), None),
])
def test_phrase_needles(phrase, edges, needle):
    assert phrase_needle(phrase, edges) == needle


def test_every_match_of_a_pattern_contains_one_of_its_needles():
    texts = ["Lire aussi : la suite", "$CONFIG[ads] not found", "READ MORE: x", "Straße Soll"]
    for pattern in [r"(?:Read more|Lire aussi)\s*:", r"\$config\[[^\]\n]{1,80}\]\s+not\s+found"]:
        needles = pattern_needles(pattern)
        for t in texts:
            if regex.search(pattern, t, regex.I):
                assert any(n in t.casefold() for n in needles), (pattern, t)


def test_string_needles_are_found_the_same_with_and_without_pyahocorasick(monkeypatch):
    from hygiene.kinds.prefilter import StringIndex
    from hygiene.model import Document

    needles = ["read more", ":", "lire aussi", "$config[", "ad", "%"]
    docs = ["Read more: the mayor", "Lire aussi la suite", "no match here", "$CONFIG[x] 5%"]
    results = []
    for blocked in (False, True):
        if blocked:
            monkeypatch.setitem(sys.modules, "ahocorasick", None)  # import fails
        index = StringIndex()
        ids = index.register(needles)
        assert len(ids) == len(needles)
        results.append([sorted(index.found(Document("a.txt", d))) for d in docs])
    assert results[0] == results[1]
    by_id = dict(zip(range(len(needles)), needles))
    assert [sorted(by_id[i] for i in r) for r in results[0]] == [
        [":", "ad", "read more"], ["lire aussi"], [], ["$config[", "%"]]


def test_needles_are_kept_in_the_cache_directory_for_the_next_run(tmp_path, monkeypatch):
    from hygiene.kinds import prefilter

    monkeypatch.setenv("HYGIENE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(prefilter, "NEEDLE_CACHE", prefilter.NeedleCache())
    pattern = r"(?:Read more|Lire aussi)\s*:"
    assert pattern_needles(pattern) == {"read more", "lire aussi"}
    prefilter.NEEDLE_CACHE.save()
    # The next run reads the answer instead of parsing the pattern again.
    monkeypatch.setattr(prefilter, "NEEDLE_CACHE", prefilter.NeedleCache())
    monkeypatch.setattr(prefilter, "_analyse", lambda p: pytest.fail("parsed again"))
    assert pattern_needles(pattern) == {"read more", "lire aussi"}


def test_a_damaged_needle_cache_is_ignored_and_rewritten(tmp_path, monkeypatch):
    from hygiene.kinds import prefilter

    monkeypatch.setenv("HYGIENE_CACHE_DIR", str(tmp_path))
    cache = prefilter.NeedleCache()
    cache.path().write_bytes(b"\x80\x05 not a pickle")
    monkeypatch.setattr(prefilter, "NEEDLE_CACHE", cache)
    assert pattern_needles(r"\$config\[[^\]\n]{1,80}\]") == {"$config["}
    cache.save()
    assert prefilter.NeedleCache().load() == {r"\$config\[[^\]\n]{1,80}\]": {"$config["}}


def test_the_alternation_of_a_documents_entries_matches_each_line_as_the_whole_one(
        monkeypatch):
    # Line and block rules match the first documents with only the entries that can match
    # them; every line must get the same answer as from the whole alternation.
    import re
    from pathlib import Path

    from hygiene.config import Settings
    from hygiene.engine import Linter
    from hygiene.kinds import base
    from hygiene.model import Document

    from hygiene.kinds import prefilter

    monkeypatch.setattr(base, "SUBSET_COMPILES", 10**9)
    corpus = Path(__file__).resolve().parent / "corpus"
    checked = 0
    for lang in ("en", "ru"):
        # A fresh string index per language: what other languages' tables registered must not
        # hide a needle this language's tables forgot to register.
        fresh = prefilter.StringIndex()
        monkeypatch.setattr(prefilter, "STRINGS", fresh)
        monkeypatch.setattr(base, "STRINGS", fresh)
        linter = Linter(Settings())
        tables = [t for r in linter.rules for t in vars(r).values()
                  if isinstance(t, base.LazyTable) and "{}$" not in t.wrap]
        for path in sorted((corpus / lang).glob("*.txt")):
            text = re.sub(r"⟦[a-z]+:(.*?)⟧", r"\1", path.read_text(encoding="utf-8"), flags=re.S)
            doc = Document(str(path), text, lang)
            linter.check(doc)  # builds every table's needles for the language
            for table in tables:
                for key in (lang, "*"):
                    sub, whole = table.for_lines(doc, key), table.for_doc(doc, key)
                    if whole is None:
                        assert sub is None
                        continue
                    for ln in doc.lines:
                        got = sub.search(ln.text) if sub is not None else None
                        want = whole.search(ln.text)
                        assert (got and got.span()) == (want and want.span()), (path, ln.text)
                        checked += 1
    assert checked > 10_000


def test_an_entry_of_a_table_without_complete_needles_is_still_found_by_its_own_needle(
        monkeypatch):
    # One entry has no needle (the table cannot be skipped), another has the string needle
    # "ctrl+enter": it must be registered for the document scan, or the document's own
    # alternation would leave out the very entry that matches.
    from hygiene.kinds import base, prefilter
    from hygiene.model import Document
    from hygiene.packs import RuleSpec

    fresh = prefilter.StringIndex()
    monkeypatch.setattr(prefilter, "STRINGS", fresh)
    monkeypatch.setattr(base, "STRINGS", fresh)
    entries = {"*": [(True, r"\p{Lu}{3,}"), (True, r"Press Ctrl\+Enter")]}
    table = base.LazyTable(entries, "^{}$", regex.IGNORECASE, RuleSpec({}, "t.toml", 1))
    assert table.needles("*") is None  # incomplete: the table always runs
    doc = Document("a.txt", "Title\n\nPress Ctrl+Enter\n")
    sub = table.for_lines(doc, "*")
    assert sub is not None and sub.match("Press Ctrl+Enter")
