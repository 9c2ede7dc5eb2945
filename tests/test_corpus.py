"""Corpus-level results: translated copies, duplicates, repeated boilerplate lines, the score."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _json(cli, *args, cwd=None):
    rc, out, err = cli(["--isolated", "--format", "json", *map(str, args)], cwd=cwd)
    return rc, json.loads(out), err


def test_seed_translations_are_reported_as_one_story_in_three_languages(cli):
    _, data, _ = _json(cli, ROOT / "seeds")
    copies = [f for f in data["findings"] if f["code"] == "D301"]
    members = {Path(m).name[:3] for f in copies for m in f["extra"]["members"]}
    assert members == {"000", "001", "002"}
    assert {Path(f["path"]).name[:3] for f in copies} == {"001", "002"}
    assert all(sorted(f["extra"]["languages"]) == ["de", "en", "fr"] for f in copies)


def test_a_rewrite_of_the_same_event_and_an_unrelated_article_are_not_copies(cli):
    _, data, _ = _json(cli, ROOT / "seeds")
    named = {Path(m).name[:3] for f in data["findings"] if f["code"] == "D301"
             for m in f["extra"]["members"]} | {Path(f["path"]).name[:3]
                                                for f in data["findings"] if f["code"] == "D301"}
    assert "003" not in named and "004" not in named


def test_exact_and_near_duplicates_point_at_the_first_copy(cli, tmp_path):
    base = (ROOT / "seeds").glob("002_*.txt").__next__().read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(base, encoding="utf-8")
    (tmp_path / "b.txt").write_text(base, encoding="utf-8")
    (tmp_path / "c.txt").write_text(base.replace("Twitter says, shrugging",
                                                 "Twitter said, shrugging"), encoding="utf-8")
    (tmp_path / "d.txt").write_text("A different article about the council budget and the "
                                    "new bus lanes that open in May.\n", encoding="utf-8")
    _, data, _ = _json(cli, tmp_path)
    dups = {Path(f["path"]).name: f for f in data["findings"] if f["code"] == "D201"}
    assert set(dups) == {"b.txt", "c.txt"}
    assert dups["b.txt"]["extra"]["similarity"] == 1.0
    assert dups["b.txt"]["extra"]["duplicate_of"].endswith("a.txt")
    assert 0.8 <= dups["c.txt"]["extra"]["similarity"] < 1.0


def test_a_line_repeated_across_many_documents_is_flagged_and_removed_by_unsafe_fix(cli, tmp_path):
    footer = "Die Meinung des Autors muss nicht mit der der Redaktion übereinstimmen."
    for i in range(6):
        (tmp_path / f"a{i}.txt").write_text(
            f"Titel {i}\n\nDer Gemeinderat hat am Montag über Antrag {i} abgestimmt.\n\n"
            f"{footer}\n\nDas Ergebnis war knapp: {i} Stimmen.\n", encoding="utf-8")
    _, data, _ = _json(cli, tmp_path)
    assert sum(1 for f in data["findings"] if f["code"] == "D101") == 6
    cli(["--isolated", "--fix", "--unsafe-fixes", str(tmp_path)])
    text = (tmp_path / "a3.txt").read_text(encoding="utf-8")
    assert footer not in text
    assert text == "Titel 3\n\nDer Gemeinderat hat am Montag über Antrag 3 abgestimmt.\n\n" \
                   "Das Ergebnis war knapp: 3 Stimmen.\n"


def test_the_repeated_line_threshold_is_configurable(cli, tmp_path):
    (tmp_path / "hygiene.toml").write_text("repeated-line-min-docs = 10\n", encoding="utf-8")
    for i in range(6):
        (tmp_path / f"a{i}.txt").write_text(
            f"Titel {i}\n\nEin Satz, der in jedem Dokument gleich lautet und lang genug ist.\n",
            encoding="utf-8")
    _, out, _ = cli(["--format", "json", str(tmp_path)])
    assert not [f for f in json.loads(out)["findings"] if f["code"] == "D101"]


def test_every_document_gets_a_quality_score_and_min_quality_is_a_gate(cli, tmp_path):
    for f in (ROOT / "seeds").glob("*.txt"):
        shutil.copyfile(f, tmp_path / f.name)
    _, data, _ = _json(cli, tmp_path)
    assert data["summary"]["mean_quality"] is not None
    rc, data, _ = _json(cli, "--min-quality", "95", tmp_path)
    low = {Path(f["path"]).name[:3]: f for f in data["findings"] if f["code"] == "Q001"}
    assert "002" not in low  # the clean original scores 100
    assert {"001", "003"} <= set(low)
    assert all(0 <= f["extra"]["score"] < 95 for f in low.values())
    assert rc == 1


# -- scale-independent behaviour of the corpus pass (D101, D201, D301) ----------------------

def _shingles(text):
    import re

    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}


def _jaccard(a, b):
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


def _spliced(base, other, n):
    """``base`` with ``n`` of its words, from the middle on, replaced by the start of ``other``."""
    w, o = base.split(), other.split()
    mid = len(w) // 2
    return " ".join(w[:mid] + o[:n] + w[mid + n :])


def test_a_near_duplicate_is_found_and_a_loose_rewrite_is_not(cli, tmp_path):
    base = next((ROOT / "seeds").glob("002_*.txt")).read_text(encoding="utf-8")
    other = next((ROOT / "seeds").glob("004_*.txt")).read_text(encoding="utf-8")
    near, loose = _spliced(base, other, 25), _spliced(base, other, 100)
    assert 0.84 < _jaccard(base, near) < 0.88  # ~86 % of the 5-grams in common
    assert 0.58 < _jaccard(base, loose) < 0.64  # ~61 %
    (tmp_path / "a.txt").write_text(base, encoding="utf-8")
    (tmp_path / "b.txt").write_text(near, encoding="utf-8")
    (tmp_path / "c.txt").write_text(loose, encoding="utf-8")
    _, data, _ = _json(cli, tmp_path)
    dups = {Path(f["path"]).name: f for f in data["findings"] if f["code"] == "D201"}
    assert set(dups) == {"b.txt"}
    assert dups["b.txt"]["extra"]["duplicate_of"].endswith("a.txt")
    assert 0.8 <= dups["b.txt"]["extra"]["similarity"] < 0.95


def _docs(rule, texts, langs=None):
    from hygiene.model import Document

    langs = langs or [None] * len(texts)
    return [(f"{i:04d}.txt", None, rule.fingerprint(Document(f"{i:04d}.txt", t, lang)))
            for i, (t, lang) in enumerate(zip(texts, langs))]


def test_many_near_copies_all_point_at_the_first_one():
    from hygiene.builtin.corpus import DuplicateDocument

    base = next((ROOT / "seeds").glob("002_*.txt")).read_text(encoding="utf-8").split()
    texts = []
    for i in range(60):  # one word changed in each: all in the same LSH buckets
        words = list(base)
        words[(7 * i) % len(words)] = f"changed{i}"
        texts.append(" ".join(words))
    texts.insert(30, "An unrelated note about the weather in the hills this weekend, dry.")
    found = list(DuplicateDocument().check_corpus(_docs(DuplicateDocument(), texts)))
    assert len(found) == 59
    assert {f.extra["duplicate_of"] for f in found} == {"0000.txt"}
    assert all(0.8 <= f.extra["similarity"] <= 1.0 for f in found)


_FOOTER = ("Follow us on Twitter, Facebook and Instagram, photos by Reuters and Getty, copyright "
           "2016 by Acme.")
_LANGS = ["en", "de", "fr", "es"]


def _stories(rule, texts, langs):
    found = list(rule.check_corpus(_docs(rule, texts, langs)))
    return {(f.path, f.extra["story"], tuple(f.extra["languages"])) for f in found}


def test_frequent_anchors_do_not_link_unrelated_stories():
    """Sixty unrelated articles in four languages end with the same footer (seven anchors, in
    the same order). In a corpus of 700 documents those anchors are frequent: they must not
    make the articles translations of each other, while a real translation is still found."""
    from hygiene.builtin.corpus import TranslatedCopy

    texts = [f"The story of record {10007 + 37 * i} was told here.\n{_FOOTER}\n"
             for i in range(60)]
    langs = [_LANGS[i % 4] for i in range(60)]
    story = ("The minister, said Okonkwo, met Vasquez in 4711 and Lindqvist in 8342; the deal "
             "with Baranov was worth 9917 and signed by Matsuda on 6603. {}\n" + _FOOTER + "\n")
    texts += [story.format("English text."), story.format("Deutscher Text.")]
    langs += ["en", "de"]
    texts += ["nothing to see here"] * 638
    langs += ["en"] * 638
    assert _stories(TranslatedCopy(), texts, langs) == {("0061.txt", "0060.txt", ("de", "en"))}


def test_a_story_told_with_common_anchors_is_found_by_their_sequence():
    """Every anchor of the story is common in the corpus (each in 60 other documents), but
    never in this order: consecutive anchor pairs find the translation."""
    from hygiene.builtin.corpus import TranslatedCopy

    names = ["Okonkwo", "Vasquez", "Lindqvist", "Baranov", "Matsuda", "Oyelaran", "Kowalczyk",
             "Nakashima"]
    texts, langs = [], []
    for i in range(480):
        texts.append(f"a note on {names[i % 8]} filed in {1000 + i} somewhere.")
        langs.append(_LANGS[i % 4])
    story = "On Monday, said " + ", then ".join(f"the aide of {n}" for n in names) + ". {}"
    texts += [story.format("In English."), story.format("En français.")]
    langs += ["en", "fr"]
    assert _stories(TranslatedCopy(), texts, langs) == {("0481.txt", "0480.txt", ("en", "fr"))}


def test_copies_of_a_story_do_not_hide_its_translation():
    """55 copies of one article make its anchors appear in 55 documents, but they are one
    anchor sequence: its French translation is still found, and the copies join the story."""
    from hygiene.builtin.corpus import TranslatedCopy

    story = ("The minister, said Okonkwo, met Vasquez in 4711 and Lindqvist in 8342; the deal "
             "with Baranov was worth 9917 and signed by Matsuda on 6603. {}")
    texts = [story.format("English.")] * 55 + [story.format("Français.")]
    langs = ["en"] * 55 + ["fr"]
    found = _stories(TranslatedCopy(), texts, langs)
    assert {p for p, _, _ in found} == {f"{i:04d}.txt" for i in range(1, 56)}
    assert {(s, ls) for _, s, ls in found} == {("0000.txt", ("en", "fr"))}


def test_same_language_copies_alone_are_not_a_translated_story():
    from hygiene.builtin.corpus import TranslatedCopy

    story = ("The minister, said Okonkwo, met Vasquez in 4711 and Lindqvist in 8342; the deal "
             "with Baranov was worth 9917 and signed by Matsuda on 6603.")
    assert not _stories(TranslatedCopy(), [story] * 5, ["en"] * 5)


def test_fingerprints_are_compact_and_the_same_in_every_process():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from hygiene.builtin.corpus import RepeatedBoilerplateLine as A, DuplicateDocument as B,"
        " TranslatedCopy as C\n"
        "from hygiene.model import Document\n"
        "text = next(Path(sys.argv[1]).glob('001_*.txt')).read_text(encoding='utf-8')\n"
        "doc = Document('x.txt', text, 'de')\n"
        "a, b, (lang, c) = A().fingerprint(doc), B().fingerprint(doc), C().fingerprint(doc)\n"
        "print(lang, len(a), len(b), len(c), a.tobytes().hex(), b.hex(), c.tobytes().hex())\n"
    )
    outs = set()
    for seed in ("0", "12345"):
        env = {**__import__("os").environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code, str(ROOT / "seeds")], env=env,
                             capture_output=True, text=True, check=True).stdout
        outs.add(out)
    assert len(outs) == 1
    lang, n_lines, n_sig, n_anchors, lines, _, anchors = outs.pop().split()
    assert lang == "de" and n_sig == "264"  # 8-byte exact hash + 128 16-bit MinHash bins
    assert len(lines) // 2 == 8 * int(n_lines) and int(n_lines) % 3 == 0  # 24 bytes a line
    assert len(anchors) // 2 == 4 * int(n_anchors)  # 4 bytes an anchor


def test_repeated_lines_with_crlf_endings_are_removed_with_their_line_break(cli, tmp_path):
    footer = "Die Meinung des Autors muss nicht mit der der Redaktion übereinstimmen."
    for i in range(5):
        (tmp_path / f"a{i}.txt").write_bytes(
            f"Titel {i}\r\n\r\nDer Rat hat über Antrag {i} abgestimmt.\r\n{footer}\r\n"
            f"Das Ergebnis: {i} Stimmen.\r\n{footer}".encode())
    cli(["--isolated", "--fix", "--unsafe-fixes", str(tmp_path)])
    data = (tmp_path / "a2.txt").read_bytes().decode()
    # Both copies go with their CRLF; the file had no final line break and still has none.
    assert data == ("Titel 2\r\n\r\nDer Rat hat über Antrag 2 abgestimmt.\r\n"
                    "Das Ergebnis: 2 Stimmen.")


def test_the_pure_python_and_numpy_duplicate_fingerprints_are_identical():
    """The first documents of a run skip numpy (start-up); later ones use it: the two paths
    must give the same bytes or copies split across them would never match."""
    import random

    from hygiene.builtin.corpus import DuplicateDocument, _pure_fingerprint
    from hygiene.model import Document

    rng = random.Random(7)
    alphabet = "abcdeéßİıЖж𝔸 _-.\n0123'’"
    texts = ["", "one", "two words", "a b c d", "a b c d e", "Ünïcödé İstanbul ẞ straße 𝔸𝔹"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 400)))
              for _ in range(200)]
    texts += [" ".join(rng.choice(["le", "maire", "a", "voté", "budget", "2024"])
                       for _ in range(rng.randint(1, 300))) for _ in range(50)]
    rule = DuplicateDocument()
    rule._seen = 10**9  # force the numpy path
    for t in texts:
        assert _pure_fingerprint(t, rule) == rule.fingerprint(Document("a.txt", t)), t
