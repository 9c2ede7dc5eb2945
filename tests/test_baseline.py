"""Baselines and Markdown directives: accept today's findings, see only new ones."""

from __future__ import annotations

import json

ARTICLE = ("Der Rat tagte am Montag.\n\nAnzeige\n\nDie Sitzung dauerte drei Stunden, "
           "sagte die Sprecherin.\n")


def test_a_baseline_hides_known_findings_and_survives_lines_moving(cli, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    base = tmp_path / "baseline.json"
    rc, _out, err = cli(["--isolated", "--write-baseline", str(base), str(art)])
    assert rc == 0 and "1 baseline entr" in err
    entry = json.loads(base.read_text(encoding="utf-8"))["entries"][0]
    assert entry["code"] == "P201" and entry["path"].endswith("a.txt")
    art.write_text("Neue erste Zeile.\n\n" + ARTICLE, encoding="utf-8")  # the ad label moves
    rc, out, _ = cli(["--isolated", "--baseline", str(base), "--format", "json", str(art)])
    assert rc == 0 and json.loads(out)["findings"] == []


def test_a_new_finding_is_reported_despite_the_baseline(cli, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    base = tmp_path / "b.json"
    cli(["--isolated", "--write-baseline", str(base), str(art)])
    art.write_text(ARTICLE + "\n$config[ads_top] not found\n", encoding="utf-8")
    rc, out, _ = cli(["--isolated", "--baseline", str(base), "--format", "json", str(art)])
    assert rc == 1
    assert [f["code"] for f in json.loads(out)["findings"]] == ["P101"]


def test_stale_baseline_entries_are_reported_for_pruning(cli, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    base = tmp_path / "b.json"
    cli(["--isolated", "--write-baseline", str(base), str(art)])
    art.write_text(ARTICLE.replace("Anzeige\n\n", ""), encoding="utf-8")
    rc, _out, err = cli(["--isolated", "--baseline", str(base), str(art)])
    assert rc == 0 and "1 stale baseline entry" in err


def test_a_broken_baseline_file_is_one_line_exit_2(cli, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    base = tmp_path / "b.json"
    base.write_text("{not json", encoding="utf-8")
    rc, _out, err = cli(["--isolated", "--baseline", str(base), str(art)])
    assert rc == 2 and str(base) in err and "Traceback" not in err


def test_markdown_directives_disable_a_rule_in_a_region(cli, tmp_path):
    md = tmp_path / "a.md"
    md.write_text("Titel\n\nAnzeige\n\n<!-- hygiene: disable=P201 -->\nAnzeige\n"
                  "<!-- hygiene: enable=P201 -->\n\nDer Rat tagte am Montag, sagte sie.\n",
                  encoding="utf-8")
    rc, out, _ = cli(["--isolated", "--lang", "de", "--format", "json", str(md)])
    lines = sorted(f["line"] for f in json.loads(out)["findings"])
    assert lines == [3]


def test_directives_are_not_read_in_plain_text_files(cli, tmp_path):
    t = tmp_path / "a.txt"
    t.write_text("Titel\n\n<!-- hygiene: disable=P201 -->\nAnzeige\n\nDer Rat tagte.\n",
                 encoding="utf-8")
    rc, out, _ = cli(["--isolated", "--lang", "de", "--format", "json", str(t)])
    assert "P201" in [f["code"] for f in json.loads(out)["findings"]]
