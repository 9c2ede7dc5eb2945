"""Output formats: the JSON contract field by field, JSONL, GitHub annotations, concise, rich."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

FAMILIES = {"placeholder", "boilerplate", "caption", "translation", "attribution", "encoding",
            "corpus", "source"}
FIELDS = ["path", "code", "rule", "family", "severity", "message", "start", "end", "line",
          "column", "end_line", "end_column", "fix"]

# Spans the seed corpus must flag (SEEDS.md), keyed by (seed number, code, line).
SEED_SPANS = {
    ("000", "C101", 3): 'Air des mysteres d\'Isis (After "Die Zauberflote")',
    ("000", "C101", 5): 'Air des mysteres d\'Isis (After "Die Zauberflote")',
    ("000", "C201", 6): "Anonim",
    ("000", "T101", 12): "Gardien",
    ("000", "T101", 16): "Gardien",
    ("001", "P101", 3): "$config[ads_kvadrat] not found",
    ("001", "P101", 24): "$config[ads_kvadrat] not found",
    ("001", "C101", 5): "Iraq Explained -- ISIS, Syria and War",
    ("001", "C101", 7): "Iraq Explained -- ISIS, Syria and War",
    ("001", "C201", 8): "Anonim",
    ("001", "T101", 14): "Wächter",
    ("001", "T101", 18): "Wächter",
    ("001", "A101", 18): "Berichten zufolge",
    ("003", "B202", 3): "Fact checked by The People's Voice Community",
    ("003", "A101", 34): "analysts speculate",
    ("004", "C202", 3): "0",
    ("004", "T101", 19): "Gazouillement",
}


def line_start(text: str, line: int) -> int:
    pos = 0
    for _ in range(line - 1):
        pos = text.index("\n", pos) + 1
    return pos


@pytest.fixture
def seed_json(cli, seeds_copy):
    """The JSON report of the seed corpus, checked from the folder above it (relative paths)."""
    rc, out, err = cli(["--format", "json", "seeds"], cwd=seeds_copy.parent)
    assert rc == 1, err
    return json.loads(out), seeds_copy.parent


def test_json_is_one_object_with_findings_and_summary(seed_json):
    data, _ = seed_json
    assert set(data) == {"findings", "summary"}
    assert isinstance(data["findings"], list) and data["findings"]


def test_json_every_finding_has_every_field_with_the_right_type(seed_json, cli):
    data, root = seed_json
    _rc, out, _ = cli(["rules", "--format", "json"])
    rules = {r["code"]: r for r in json.loads(out)}
    for f in data["findings"]:
        assert set(FIELDS) <= set(f), f
        assert set(f) - set(FIELDS) <= {"record", "extra"}, f
        assert re.fullmatch(r"seeds/\d{3}_[0-9a-f]{16}\.txt", f["path"]), f
        assert (root / f["path"]).is_file()
        assert re.fullmatch(r"[A-Z]{1,3}\d{3}", f["code"]), f
        assert f["rule"] == rules[f["code"]]["name"], f
        assert f["family"] == rules[f["code"]]["family"], f
        assert f["family"] in FAMILIES, f
        assert f["severity"] in ("info", "warning", "error"), f
        assert isinstance(f["message"], str) and f["message"].strip(), f
        keys = ("start", "end", "line", "column", "end_line", "end_column")
        if f["start"] is None:  # a finding about a whole document: every span field is null
            assert all(f[key] is None for key in keys), f
            continue
        for key in keys:
            assert type(f[key]) is int and f[key] >= 0, (key, f)


def test_json_offsets_point_at_the_flagged_span_and_agree_with_line_and_column(seed_json):
    data, root = seed_json
    checked = 0
    for f in data["findings"]:
        if f["start"] is None:
            continue
        text = (root / f["path"]).read_text(encoding="utf-8")
        assert 0 <= f["start"] < f["end"] <= len(text), f
        assert f["line"] >= 1 and f["column"] >= 1
        assert line_start(text, f["line"]) + f["column"] - 1 == f["start"], f
        assert line_start(text, f["end_line"]) + f["end_column"] - 1 == f["end"], f
        assert "\n" not in text[line_start(text, f["line"]) : f["start"]]
        seed = f["path"].split("/")[-1][:3]
        expected = SEED_SPANS.get((seed, f["code"], f["line"]))
        if expected is not None:
            assert text[f["start"] : f["end"]] == expected, f
            checked += 1
    assert checked == len(SEED_SPANS)


def test_json_fix_is_null_or_applicability_message_and_edits(seed_json):
    data, root = seed_json
    kinds = Counter()
    for f in data["findings"]:
        fix = f["fix"]
        if fix is None:
            kinds["none"] += 1
            continue
        text = (root / f["path"]).read_text(encoding="utf-8")
        assert set(fix) == {"applicability", "message", "edits"}, fix
        assert fix["applicability"] in ("safe", "unsafe")
        kinds[fix["applicability"]] += 1
        assert isinstance(fix["message"], str) and fix["message"].strip()
        assert fix["edits"], fix
        prev_end = -1
        for e in sorted(fix["edits"], key=lambda e: e["start"]):
            assert set(e) == {"start", "end", "content"}, e
            assert type(e["start"]) is int and type(e["end"]) is int
            assert 0 <= e["start"] <= e["end"] <= len(text)
            assert isinstance(e["content"], str)
            assert e["start"] >= prev_end
            prev_end = e["end"]
    # The seeds have safe fixes, unsafe fixes and flags.
    assert kinds["safe"] and kinds["unsafe"] and kinds["none"]


def test_json_summary_counts_agree_with_the_findings(seed_json):
    data, _ = seed_json
    findings, s = data["findings"], data["summary"]
    assert s["files"] == 5 and s["documents"] == 5
    assert s["findings"] == len(findings)
    assert s["by_rule"] == dict(Counter(f["code"] for f in findings))
    assert s["by_family"] == dict(Counter(f["family"] for f in findings))
    assert s["by_severity"] == dict(Counter(f["severity"] for f in findings))
    assert s["fixable"] == sum(1 for f in findings if f["fix"] and
                               f["fix"]["applicability"] == "safe")
    assert s["unsafe_fixable"] == sum(1 for f in findings if f["fix"] and
                                      f["fix"]["applicability"] == "unsafe")
    assert s["fixed"] == 0 and s["errors"] == 0


def test_json_of_a_clean_file_has_no_findings(cli, write):
    f = write("clean.txt", "The council met on Monday.\n")
    rc, out, _ = cli(["--format", "json", f])
    data = json.loads(out)
    assert rc == 0
    assert data["findings"] == []
    assert data["summary"]["findings"] == 0


def test_json_after_fix_points_into_the_fixed_file(cli, seeds_copy):
    _rc, out, _ = cli(["--fix", "--format", "json", "seeds"], cwd=seeds_copy.parent)
    data = json.loads(out)
    assert data["summary"]["fixed"] > 0
    assert data["findings"]
    for f in data["findings"]:
        if f["start"] is None:  # document-level (the translated-copy report)
            continue
        text = (seeds_copy.parent / f["path"]).read_text(encoding="utf-8")
        assert line_start(text, f["line"]) + f["column"] - 1 == f["start"]
        if f["code"] == "A101":
            assert text[f["start"] : f["end"]] in ("Berichten zufolge", "analysts speculate")


def test_json_keeps_non_ascii_readable(cli, write):
    f = write("d.txt", "Der Bürgermeister trat zurück.\n\nAnzeige\n\nDie Sitzung dauerte lange.\n")
    _rc, out, _ = cli(["--format", "json", f])
    assert "Anzeige" in out and "\\u" not in out


def test_jsonl_has_one_finding_per_line_with_the_same_fields_as_json(cli, seeds_copy):
    _, out_json, _ = cli(["--format", "json", "seeds"], cwd=seeds_copy.parent)
    rc, out, _ = cli(["--format", "jsonl", "seeds"], cwd=seeds_copy.parent)
    assert rc == 1
    lines = out.splitlines()
    records = [json.loads(ln) for ln in lines]
    assert records == json.loads(out_json)["findings"]
    assert all(set(FIELDS) <= set(r) for r in records)


def test_jsonl_of_a_clean_file_is_empty(cli, write):
    rc, out, _ = cli(["--format", "jsonl", write("clean.txt", "The council met on Monday.\n")])
    assert (rc, out) == (0, "")


GITHUB = re.compile(
    r"::(?P<level>error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"endLine=(?P<end_line>\d+),endColumn=(?P<end_col>\d+),title=(?P<title>[^,:]+)::(?P<msg>.*)"
)


def test_github_format_has_one_annotation_per_finding(cli, seeds_copy):
    _, out_json, _ = cli(["--format", "json", "seeds"], cwd=seeds_copy.parent)
    findings = json.loads(out_json)["findings"]
    rc, out, _ = cli(["--format", "github", "seeds"], cwd=seeds_copy.parent)
    assert rc == 1
    lines = out.splitlines()
    assert len(lines) == len(findings)
    level = {"error": "error", "warning": "warning", "info": "notice"}
    for ln, f in zip(lines, findings):
        if f["line"] is None:  # a document-level finding annotates the file only
            lvl = {"error": "error", "warning": "warning", "info": "notice"}[f["severity"]]
            assert ln == (f"::{lvl} file={f['path']},title={f['code']} {f['rule']}::"
                          f"{f['message']}"), ln
            continue
        m = GITHUB.fullmatch(ln)
        assert m, ln
        assert m["level"] == level[f["severity"]]
        assert m["file"] == f["path"]
        assert (int(m["line"]), int(m["col"]), int(m["end_line"]), int(m["end_col"])) == (
            f["line"], f["column"], f["end_line"], f["end_column"])
        assert m["title"] == f"{f['code']} {f['rule']}"
        assert m["msg"] == f["message"].replace("%", "%25")
    assert {m["level"] for m in map(GITHUB.fullmatch, lines) if m} == {"error", "warning", "notice"}


def test_github_format_escapes_commas_and_colons_in_the_file_name(cli, tmp_path, write):
    write("a,b:c.txt", "Title\n\nAdvertisement\n\nThe council met on Monday.\n")
    _rc, out, _ = cli(["--format", "github", "a,b:c.txt"], cwd=tmp_path)
    assert out.startswith("::error file=a%2Cb%3Ac.txt,line=3,col=1,")


def test_concise_format_is_path_line_col_code_message(cli, seeds_copy):
    _, out_json, _ = cli(["--format", "json", "seeds"], cwd=seeds_copy.parent)
    findings = json.loads(out_json)["findings"]
    rc, out, _ = cli(["--format", "concise", "seeds"], cwd=seeds_copy.parent)
    assert rc == 1
    rows = [ln for ln in out.splitlines() if re.match(r"seeds/", ln)]
    assert len(rows) == len(findings)
    for ln, f in zip(rows, findings):
        pos = f":{f['line']}:{f['column']}" if f["line"] is not None else ""
        prefix = f"{f['path']}{pos}: {f['code']} "
        assert ln.startswith(prefix), ln
        assert ln.endswith(f["message"])
        marker = ln[len(prefix):-len(f["message"])]
        fix = f["fix"]
        assert marker == ("" if fix is None else "[*] " if fix["applicability"] == "safe"
                          else "[~] ")
    assert f"Found {len(findings)} findings." in out


def test_concise_is_the_default_when_output_is_not_a_terminal(cli, write):
    f = write("a.txt", "Title\n\nAdvertisement\n\nThe council met on Monday.\n")
    assert cli([f]) == cli(["--format", "concise", f])


def test_rich_format_to_a_file_names_the_path_the_code_and_the_summary(cli, write, tmp_path):
    write("a.txt", "Title\n\nAdvertisement\n\nThe council met on Monday.\n")
    rc, out, _ = cli(["--format", "rich", "--output-file", "report.txt", "a.txt"], cwd=tmp_path)
    assert rc == 1
    assert out == ""
    report = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in report  # no terminal colour codes in a file
    assert "a.txt:3:1" in report
    assert "P201" in report
    assert "Advertisement" in report
    assert "Found 1 finding" in report


def test_rich_format_of_a_clean_file_says_all_checks_passed(cli, write, tmp_path):
    write("clean.txt", "The council met on Monday.\n")
    rc, _out, _ = cli(["--format", "rich", "-o", "report.txt", "clean.txt"], cwd=tmp_path)
    assert rc == 0
    assert "All checks passed!" in (tmp_path / "report.txt").read_text(encoding="utf-8")
