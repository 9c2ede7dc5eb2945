"""The command line: exit codes, fixing, stdin, rule selection, errors and the rule docs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

CLEAN = "The council met on Monday.\n\nIt voted on the budget for next year.\n"
AD = "Council meeting\n\nAdvertisement\n\nThe council met on Monday to vote on the budget.\n"
AD_FIXED = "Council meeting\n\nThe council met on Monday to vote on the budget.\n"
INFO_ONLY = "The mayor reportedly resigned on Monday after a long meeting.\n"
# U+FFFD: a warning with no fix (replacement-character, E106).
WARNING_ONLY = "The mayor of Sa\ufffdo Paulo spoke on Monday.\n"
MIXED = ("Title\n\nAdvertisement\n\nAnonim\n\n"
         "The mayor reportedly resigned on Monday after a long meeting.\n")


def codes(out: str) -> set[str]:
    """Rule codes in concise output."""
    return set(re.findall(r"^\S+:\d+:\d+: ([A-Z]+\d+) ", out, re.MULTILINE))


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# -- exit codes ------------------------------------------------------------------------------


def test_clean_file_exits_0_and_says_so(run_cli, write):
    f = write("clean.txt", CLEAN)
    rc, out, err = run_cli([f])
    assert (rc, err) == (0, "")
    assert "All checks passed!" in out


def test_error_finding_exits_1(run_cli, write):
    f = write("a.txt", AD)
    rc, out, err = run_cli(["--format", "concise", f])
    assert rc == 1, err
    assert f"{f}:3:1: P201 " in out


def test_warning_finding_exits_1(cli, write):
    rc, out, _ = cli(["--format", "concise", write("w.txt", WARNING_ONLY)])
    assert rc == 1
    assert codes(out) == {"E106"}


def test_only_info_findings_exit_0(cli, write):
    rc, out, _ = cli(["--format", "concise", write("i.txt", INFO_ONLY)])
    assert rc == 0
    assert codes(out) == {"A101"}


def test_fail_on_info_makes_info_findings_fail(cli, write):
    rc, _, _ = cli(["--fail-on", "info", write("i.txt", INFO_ONLY)])
    assert rc == 1


def test_fail_on_error_lets_warnings_pass(cli, write):
    f = write("w.txt", WARNING_ONLY)
    assert cli(["--fail-on", "error", f])[0] == 0
    assert cli(["--fail-on", "error", write("a.txt", AD)])[0] == 1


def test_exit_zero_exits_0_although_errors_remain(cli, write):
    rc, out, _ = cli(["--exit-zero", write("a.txt", AD)])
    assert rc == 0
    assert "P201" in out


def test_exit_zero_still_exits_2_when_a_file_cannot_be_read(cli, tmp_path):
    rc, _, err = cli(["--exit-zero", tmp_path / "missing.txt"])
    assert rc == 2
    assert "missing.txt" in err


def test_fix_exits_0_when_every_finding_was_fixed(cli, write):
    f = write("a.txt", AD)
    rc, out, _ = cli(["--fix", f])
    assert rc == 0, out
    assert f.read_text(encoding="utf-8") == AD_FIXED
    assert "Fixed 1" in out


def test_fix_exits_1_when_an_unfixable_warning_remains(cli, write):
    f = write("a.txt", AD + WARNING_ONLY)
    rc, out, _ = cli(["--fix", "--format", "concise", f])
    assert rc == 1
    assert codes(out) == {"E106"}
    assert "Advertisement" not in f.read_text(encoding="utf-8")


def test_fix_exits_0_when_only_info_findings_remain(cli, write):
    f = write("a.txt", "Title\n\nAdvertisement\n\n" + INFO_ONLY)
    rc, out, _ = cli(["--fix", "--format", "concise", f])
    assert rc == 0
    assert codes(out) == {"A101"}


def test_check_subcommand_is_the_same_as_no_subcommand(cli, write):
    f = write("a.txt", AD)
    assert cli(["check", "--format", "concise", f]) == cli(["--format", "concise", f])


# -- --diff and --fix ------------------------------------------------------------------------


def test_diff_prints_a_unified_diff_and_writes_nothing(cli, write):
    f = write("a.txt", AD)
    rc, out, _ = cli(["--diff", f])
    assert rc == 1
    assert f.read_text(encoding="utf-8") == AD
    assert f"--- a/{f}" in out and f"+++ b/{f}" in out
    assert "-Advertisement\n" in out
    assert not any(ln.startswith("+") and not ln.startswith("+++") for ln in out.splitlines())


def test_diff_of_a_clean_file_is_empty_and_exits_0(cli, write):
    rc, out, _ = cli(["--diff", write("clean.txt", CLEAN)])
    assert (rc, out) == (0, "")


def test_diff_with_fix_still_writes_nothing(cli, write):
    f = write("a.txt", AD)
    cli(["--diff", "--fix", f])
    assert f.read_text(encoding="utf-8") == AD


def test_fix_rewrites_every_file_in_a_folder(cli, seeds_copy):
    _rc, out, _ = cli(["--fix", "--format", "concise", seeds_copy])
    assert "Fixed" in out
    text = (seeds_copy / "001_78125e907f80ab81.txt").read_text(encoding="utf-8")
    assert "$config[ads_kvadrat]" not in text
    assert "Anonim" not in text
    assert "Berichten zufolge" in text  # a flag, never a fix
    # The clean original is untouched.
    assert ((seeds_copy / "002_45184740cf43bbab.txt").read_bytes()
            == (SEEDS / "002_45184740cf43bbab.txt").read_bytes())


# -- stdin -----------------------------------------------------------------------------------


def test_dash_reads_stdin_and_reports_it_as_dash(run_cli):
    rc, out, err = run_cli(["--format", "concise", "-"], stdin=AD)
    assert rc == 1, err
    assert "-:3:1: P201 " in out


def test_fix_on_stdin_prints_the_fixed_text_to_stdout_and_the_report_to_stderr(run_cli):
    rc, out, err = run_cli(["--fix", "-"], stdin=AD)
    assert rc == 0
    assert out == AD_FIXED
    assert "Advertisement" not in err


def test_fix_on_clean_stdin_echoes_it_unchanged(cli):
    text = "Line one.\r\nLine two, no final newline."
    rc, out, _ = cli(["--fix", "-"], stdin=text.encode())
    assert rc == 0
    assert out.encode() == text.encode()


def test_diff_on_stdin_prints_a_diff_not_the_text(cli):
    rc, out, _ = cli(["--diff", "-"], stdin=AD)
    assert rc == 1
    assert "-Advertisement" in out
    assert "--- a/-" in out


# -- rule selection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, expected",
    [
        ([], {"P201", "C201", "A101"}),
        (["--select", "P201"], {"P201"}),
        (["--select", "P"], {"P201"}),
        (["--select", "P2"], {"P201"}),
        (["--select", "caption"], {"C201"}),
        (["--select", "ad-label"], {"P201"}),
        (["--select", "P,C"], {"P201", "C201"}),
        (["--select", "ALL"], {"P201", "C201", "A101"}),
        (["--ignore", "P201"], {"C201", "A101"}),
        (["--ignore", "placeholder,attribution"], {"C201"}),
        (["--ignore", "C2"], {"P201", "A101"}),
        (["--select", "P", "--extend-select", "C201"], {"P201", "C201"}),
        (["--select", "placeholder", "--extend-select", "attribution"], {"P201", "A101"}),
        (["--select", "placeholder", "--ignore", "P201"], set()),
        (["--select", "P201", "--ignore", "P"], {"P201"}),  # the more specific selector wins
        (["--ignore", "A", "--extend-select", "A101"], {"P201", "C201", "A101"}),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_select_ignore_and_extend_select_take_codes_prefixes_and_families(
    cli, write, args, expected
):
    f = write("m.txt", MIXED)
    _rc, out, _ = cli([*args, "--lang", "en", "--format", "concise", f])
    assert codes(out) == expected


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_unknown_code_in_selection_exits_2_with_one_line(run_cli, cli, write, option):
    f = write("a.txt", AD)
    # The real process for --select (no traceback may reach the user); in-process for the others.
    rc, out, err = (run_cli if option == "--select" else cli)([option, "NOPE", f])
    assert rc == 2
    line = one_error_line(err)
    assert "NOPE" in line and option in line
    assert out == ""


# -- I/O errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("missing.txt", None, "no such file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01", "binary"),
        ("damaged.txt", ("Le café de la gare a fermé, déclare le maire. " * 3).encode()
         + b"\xe9t\xe9\n", "UTF-8"),
    ],
    ids=["missing", "binary", "invalid-utf8"],
)
def test_unreadable_input_exits_2_with_one_line_naming_the_file(
    run_cli, tmp_path, name, content, reason
):
    if content is not None:
        (tmp_path / name).write_bytes(content)
    rc, _out, err = run_cli([name], cwd=tmp_path)
    assert rc == 2
    line = one_error_line(err)
    assert name in line
    assert reason.lower() in line.lower()


def test_a_bad_file_does_not_stop_the_other_files_being_checked(cli, tmp_path, write):
    write("docs/a.txt", AD)
    write("docs/b.txt", ("Le café de la gare a fermé, déclare le maire. " * 3).encode()
          + b"\xe9t\xe9\n")
    rc, out, err = cli(["--format", "concise", tmp_path / "docs"])
    assert rc == 2
    assert "P201" in out
    assert "b.txt" in err


def test_report_does_not_claim_all_checks_passed_when_a_file_could_not_be_read(cli, tmp_path):
    rc, out, _ = cli([tmp_path / "missing.txt"])
    assert rc == 2
    assert "All checks passed" not in out


def test_unknown_option_exits_2_with_one_line_and_no_usage_dump(run_cli, write):
    rc, _out, err = run_cli(["--frobnicate", write("a.txt", AD)])
    assert rc == 2
    assert "--frobnicate" in one_error_line(err)


def test_folder_is_searched_for_text_files_only(cli, write, tmp_path):
    write("corpus/a.txt", AD)
    write("corpus/nested/b.md", AD)
    write("corpus/data.csv", AD)
    write("corpus/.hidden.txt", AD)
    _rc, out, _ = cli(["--format", "json", tmp_path / "corpus"])
    paths = {f["path"].replace("\\", "/").split("corpus/")[1]
             for f in json.loads(out)["findings"]}
    assert paths == {"a.txt", "nested/b.md"}


# -- report destinations ---------------------------------------------------------------------


def test_output_file_receives_the_report_and_stdout_stays_empty(cli, write, tmp_path):
    f = write("a.txt", AD)
    report = tmp_path / "report.json"
    rc, out, _err = cli(["--format", "json", "--output-file", report, f])
    assert rc == 1
    assert out == ""
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [x["code"] for x in data["findings"]] == ["P201"]


def test_output_file_in_a_missing_folder_exits_2_with_one_line(run_cli, write, tmp_path):
    f = write("a.txt", AD)
    rc, _, err = run_cli(["-o", tmp_path / "no" / "such" / "report.txt", f])
    assert rc == 2
    assert "report.txt" in one_error_line(err)


def test_statistics_prints_one_count_line_per_rule(cli, write):
    f = write("m.txt", MIXED + "\nAdvertisement\n\nMore text follows here on another line.\n")
    rc, out, _ = cli(["--statistics", "--lang", "en", f])
    assert rc == 1
    rows = [ln.split() for ln in out.strip().splitlines()]
    assert sorted((r[0], r[1]) for r in rows) == [("1", "A101"), ("1", "C201"), ("2", "P201")]
    assert rows[0][:2] == ["2", "P201"]  # most frequent first
    assert "m.txt" not in out


def test_version_prints_the_version(run_cli):
    import hygiene

    rc, out, _ = run_cli(["--version"])
    assert rc == 0
    assert hygiene.__version__ in out


# -- rule listing and documentation ----------------------------------------------------------


def test_rules_lists_every_rule_code(run_cli, cli):
    rc, out, _ = cli(["rules", "--format", "json"])
    assert rc == 0
    listed = json.loads(out)
    all_codes = {r["code"] for r in listed}
    assert {"P101", "P201", "C101", "C201", "B101", "B201", "T101", "T201", "A101",
            "E101"} <= all_codes
    rc, table, _ = run_cli(["rules"])
    assert rc == 0
    assert all_codes <= set(re.findall(r"\b[A-Z]\d{3}\b", table))


def test_rule_prints_every_documentation_section(run_cli):
    rc, out, err = run_cli(["rule", "B101"])
    assert rc == 0, err
    assert "B101" in out.splitlines()[0]
    sections = re.findall(r"^## (.+)$", out, re.MULTILINE)
    assert sections == ["What it does", "Why is this bad?", "Example", "Use instead",
                        "Fix safety", "Languages"]
    bodies = re.split(r"^## .+$", out, flags=re.MULTILINE)[1:]
    assert all(b.strip() for b in bodies), out


def test_rule_accepts_the_rule_name(cli):
    rc, out, _ = cli(["rule", "ad-label"])
    assert rc == 0
    assert "P201" in out


def test_rule_with_an_unknown_code_exits_2(run_cli):
    rc, out, err = run_cli(["rule", "NOPE"])
    assert rc == 2
    assert "NOPE" in one_error_line(err)
    assert out == ""
