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
    rc, _out, _ = cli(["--isolated", "--fix", "--unsafe-fixes", str(tmp_path)])
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
    rc, out, _ = cli(["--format", "json", str(tmp_path)])
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
