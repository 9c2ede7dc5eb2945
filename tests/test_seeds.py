"""End to end on the seed corpus: exactly the edits listed in shared/SEEDS.md, and no other."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "hygiene", *args], capture_output=True,
                          text=True, cwd=cwd)


@pytest.fixture(scope="module")
def fixed(tmp_path_factory):
    d = tmp_path_factory.mktemp("seeds")
    for f in SEEDS.glob("*.txt"):
        shutil.copyfile(f, d / f.name)
    first = _run("check", "--fix", "--unsafe-fixes", "--isolated", "--format", "json", str(d))
    second = _run("check", "--fix", "--unsafe-fixes", "--isolated", "--format", "json", str(d))
    return d, first, second


def _pair(d, prefix):
    name = next(SEEDS.glob(f"{prefix}_*.txt")).name
    return (SEEDS / name).read_text(encoding="utf-8"), (d / name).read_text(encoding="utf-8")


def _removed_lines(before: str, after: str) -> list[str]:
    import difflib

    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, before.split("\n"), after.split("\n"), autojunk=False
    ).get_opcodes():
        if op == "delete" or (op == "replace" and i2 - i1 > j2 - j1):
            out.extend(before.split("\n")[i1 + (j2 - j1) : i2])
    return [x for x in out if x.strip()]


def test_french_translation_loses_captions_and_gets_guardian_back(fixed):
    d, *_ = fixed
    before, after = _pair(d, "000")
    assert "Air des mysteres" not in after and "\nAnonim\n" not in after
    assert "porte-parole de Twitter au Guardian," in after
    assert "le Guardian L'officier" in after
    assert "selon Buzzfeed" in after
    assert after.count("\n\n\n") == 0 and after.startswith(before.split("\n")[0] + "\n\n")


def test_german_translation_loses_ad_slots_and_captions(fixed):
    d, *_ = fixed
    before, after = _pair(d, "001")
    assert "$config" not in after and "Iraq Explained" not in after and "Anonim" not in after
    assert "Twitter-Sprecher Guardian" in after and "die Guardian Berichten zufolge" in after
    assert not after.endswith("\n")  # no final newline before, none after


def test_english_original_is_untouched(fixed):
    d, *_ = fixed
    before, after = _pair(d, "002")
    assert before == after


def test_rewrite_loses_badge_and_author_box_and_splits_glued_link(fixed):
    d, *_ = fixed
    before, after = _pair(d, "003")
    removed = _removed_lines(before, after)
    assert any(x.startswith("Fact checked by") for x in removed)
    assert "Vocativ deep web" in after
    assert after.rstrip().endswith("#Sons_Caliphate_Army.”")
    assert "according to a study from George Washington University" in after
    assert "ISIS make direct threats against Mark Zuckerberg and Jack Dorsey" in after


def test_french_article_loses_counter_repeat_headlines_and_comment_form(fixed):
    d, *_ = fixed
    before, after = _pair(d, "004")
    removed = _removed_lines(before, after)
    assert "0" in removed
    assert sum(1 for x in removed if x.startswith("La Nouvelle-Zélande et la France")) == 1
    assert after.startswith("La Nouvelle-Zélande et la France")
    assert "Twitter (TWTR) et Google (GOOG)" in after
    assert "Sri Lanka ne résoudra pas" not in after
    assert "La Nouvelle-Zélande a besoin de faire plus" not in after
    assert after.endswith("Barbara Wojazer a contribué à ce rapport.")


def test_only_the_listed_lines_are_removed(fixed):
    d, *_ = fixed
    expected_removed = {"000": 3, "001": 5, "002": 0, "003": 4, "004": 6}
    for prefix, n in expected_removed.items():
        before, after = _pair(d, prefix)
        assert len(_removed_lines(before, after)) == n, prefix


def test_second_fix_run_changes_nothing(fixed):
    d, first, second = fixed
    import json

    assert json.loads(second.stdout)["summary"]["fixed"] == 0
    assert json.loads(first.stdout)["summary"]["fixed"] > 0


def test_original_article_has_no_warning_and_traps_have_no_finding():
    import json

    res = _run("check", "--isolated", "--format", "json", str(SEEDS))
    findings = json.loads(res.stdout)["findings"]
    assert not [f for f in findings if "002_" in f["path"] and f["severity"] != "info"]
    texts = {(SEEDS / Path(f["path"]).name).read_text(encoding="utf-8")[f["start"]:f["end"]]
             for f in findings if f["start"] is not None}
    for trap in ("Buzzfeed", "Guardian reported", "George Washington", "Wojazer"):
        assert not any(trap in t for t in texts), trap
