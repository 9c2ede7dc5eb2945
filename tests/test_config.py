"""Configuration: discovery of hygiene.toml / [tool.hygiene], every key, --config and --isolated."""

from __future__ import annotations

import json
import re

import pytest

ARTICLE = ("Title\n\nAdvertisement\n\nAnonim\n\n"
           "The mayor reportedly resigned on Monday after a long meeting.\n")
ALL_CODES = {"P201", "C201", "A101"}
GERMAN = ("Die Sitzung des Gemeinderats dauerte am Montag bis spät in die Nacht. "
          "Berichten zufolge trat der Bürgermeister danach zurück.\n")
HOUSE_PACK = '''\
[[rule]]
code = "Z101"
name = "house-marker"
kind = "line"
family = "boilerplate"
severity = "error"
fix = "safe"
message = "House marker: {match}"
phrases = ["END OF STORY"]
'''


def codes(out: str) -> set[str]:
    return set(re.findall(r"^\S+:\d+:\d+: ([A-Z]+\d+) ", out, re.MULTILINE))


@pytest.fixture
def check(cli, tmp_path):
    """Run ``hygiene --format concise *args`` from tmp_path; returns (rc, codes, stdout, stderr)."""

    def run(*args, cwd=None):
        rc, out, err = cli(["--format", "concise", *args], cwd=cwd or tmp_path)
        return rc, codes(out), out, err

    return run


# -- discovery -------------------------------------------------------------------------------


def test_hygiene_toml_in_an_ancestor_folder_applies_to_the_checked_file(check, write):
    write("proj/hygiene.toml", 'ignore = ["P201"]\n')
    write("proj/a/b/article.txt", ARTICLE)
    _rc, found, _, _ = check("proj/a/b/article.txt")
    assert found == {"C201", "A101"}


def test_tool_hygiene_table_in_pyproject_applies(check, write):
    write("proj/pyproject.toml", '[project]\nname = "x"\n\n[tool.hygiene]\nignore = ["C201"]\n')
    write("proj/a/article.txt", ARTICLE)
    assert check("proj/a/article.txt")[1] == {"P201", "A101"}


def test_pyproject_without_a_hygiene_table_is_skipped_for_one_further_up(check, write):
    write("proj/hygiene.toml", 'ignore = ["P201"]\n')
    write("proj/pkg/pyproject.toml", '[project]\nname = "x"\n\n[tool.black]\nline-length = 88\n')
    write("proj/pkg/article.txt", ARTICLE)
    assert check("proj/pkg/article.txt")[1] == {"C201", "A101"}


def test_the_nearest_configuration_wins(check, write):
    write("proj/hygiene.toml", 'ignore = ["P201"]\n')
    write("proj/inner/hygiene.toml", 'ignore = ["C201"]\n')
    write("proj/inner/article.txt", ARTICLE)
    assert check("proj/inner/article.txt")[1] == {"P201", "A101"}


def test_hygiene_toml_beats_pyproject_in_the_same_folder(check, write):
    write("proj/hygiene.toml", 'ignore = ["P201"]\n')
    write("proj/pyproject.toml", '[tool.hygiene]\nignore = ["C201"]\n')
    write("proj/article.txt", ARTICLE)
    assert check("proj/article.txt")[1] == {"C201", "A101"}


def test_configuration_comes_from_the_checked_files_folder_not_the_current_one(check, write,
                                                                               tmp_path):
    write("here/hygiene.toml", 'ignore = ["P201", "C201", "A101"]\n')
    write("elsewhere/article.txt", ARTICLE)
    _rc, found, _, _ = check(tmp_path / "elsewhere" / "article.txt", cwd=tmp_path / "here")
    assert found == ALL_CODES


def test_a_folder_argument_finds_the_configuration_inside_it(check, write):
    write("proj/hygiene.toml", 'select = ["C"]\n')
    write("proj/docs/article.txt", ARTICLE)
    assert check("proj")[1] == {"C201"}


# -- keys ------------------------------------------------------------------------------------


def test_select_key(check, write):
    write("hygiene.toml", 'select = ["placeholder", "A101"]\n')
    write("article.txt", ARTICLE)
    assert check("article.txt")[1] == {"P201", "A101"}


def test_extend_select_key_adds_to_select(check, write):
    write("hygiene.toml", 'select = ["P"]\nextend-select = ["C201"]\n')
    write("article.txt", ARTICLE)
    assert check("article.txt")[1] == {"P201", "C201"}


def test_command_line_select_replaces_and_ignore_adds_to_the_configuration(check, write):
    write("hygiene.toml", 'select = ["P"]\nignore = ["A101"]\n')
    write("article.txt", ARTICLE)
    assert check("--select", "ALL", "article.txt")[1] == {"P201", "C201"}
    assert check("--ignore", "P201", "--select", "ALL", "article.txt")[1] == {"C201"}


def test_per_file_ignores_key_applies_only_to_matching_files(check, write):
    write("proj/hygiene.toml", '[per-file-ignores]\n"drafts/*.txt" = ["P201", "caption"]\n')
    write("proj/drafts/a.txt", ARTICLE)
    write("proj/final/b.txt", ARTICLE)
    _rc, _, out, _ = check("proj")
    by_file = {p: set() for p in ("a.txt", "b.txt")}
    for path, code in re.findall(r"^(\S+?):\d+:\d+: ([A-Z]\d+) ", out, re.MULTILINE):
        by_file[path.rsplit("/", 1)[-1]].add(code)
    assert by_file == {"a.txt": {"A101"}, "b.txt": ALL_CODES}


def test_per_file_ignores_globs_are_relative_to_the_config_file_whatever_the_current_folder(
    check, write, tmp_path
):
    write("proj/hygiene.toml", '[per-file-ignores]\n"drafts/*.txt" = ["P201"]\n')
    write("proj/drafts/a.txt", ARTICLE)
    assert check("drafts/a.txt", cwd=tmp_path / "proj")[1] == {"C201", "A101"}
    assert check("a.txt", cwd=tmp_path / "proj" / "drafts")[1] == {"C201", "A101"}


def test_rule_packs_key_loads_a_pack_relative_to_the_config_file(check, cli, write, tmp_path):
    write("proj/hygiene.toml", 'rule-packs = ["packs/house.toml"]\n')
    write("proj/packs/house.toml", HOUSE_PACK)
    write("proj/article.txt", "The council met on Monday.\n\nEND OF STORY\n")
    rc, found, out, _ = check("proj/article.txt")
    assert (rc, found) == (1, {"Z101"})
    # `hygiene rules` run inside the project lists the pack's rule too.
    rc, out, _ = cli(["rules", "--format", "json"], cwd=tmp_path / "proj")
    assert "Z101" in {r["code"] for r in json.loads(out)}


def test_language_key_forces_the_language(check, write):
    write("de/article.txt", GERMAN)
    write("en/hygiene.toml", 'language = "en"\n')
    write("en/article.txt", GERMAN)
    assert check("--select", "A", "de/article.txt")[1] == {"A101"}  # detected as German
    assert check("--select", "A", "en/article.txt")[1] == set()  # forced to English
    assert check("--select", "A", "--lang", "de", "en/article.txt")[1] == {"A101"}  # --lang wins


def test_severity_key_lowers_a_rule_to_info_so_the_run_passes(cli, write, tmp_path):
    write("hygiene.toml", '[severity]\nP201 = "info"\nC201 = "info"\n')
    write("article.txt", ARTICLE)
    rc, out, _ = cli(["--format", "json", "article.txt"], cwd=tmp_path)
    sev = {f["code"]: f["severity"] for f in json.loads(out)["findings"]}
    assert sev == {"P201": "info", "C201": "info", "A101": "info"}
    assert rc == 0


def test_severity_key_the_more_specific_selector_wins(cli, write, tmp_path):
    write("hygiene.toml", '[severity]\nplaceholder = "warning"\nP201 = "error"\n'
          'caption = "warning"\n')
    write("article.txt", ARTICLE)
    _rc, out, _ = cli(["--format", "json", "article.txt"], cwd=tmp_path)
    sev = {f["code"]: f["severity"] for f in json.loads(out)["findings"]}
    assert sev == {"P201": "error", "C201": "warning", "A101": "info"}


def test_fail_on_key(cli, write, tmp_path):
    write("hygiene.toml", 'fail-on = "info"\nselect = ["A"]\n')
    write("article.txt", ARTICLE)
    assert cli(["article.txt"], cwd=tmp_path)[0] == 1
    assert cli(["--fail-on", "warning", "article.txt"], cwd=tmp_path)[0] == 0


# -- bad configuration -----------------------------------------------------------------------


def test_unknown_key_exits_2_naming_the_key_and_the_file(run_cli, write, tmp_path):
    cfg = write("proj/hygiene.toml", 'select = ["P"]\nselct = ["C"]\n')
    write("proj/article.txt", ARTICLE)
    rc, out, err = run_cli(["proj/article.txt"], cwd=tmp_path)
    assert rc == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "selct" in lines[0] and str(cfg) in lines[0]
    assert out == ""


def test_unknown_key_in_pyproject_tool_table_names_pyproject(cli, write, tmp_path):
    cfg = write("pyproject.toml", '[tool.hygiene]\nignored = ["P201"]\n')
    write("article.txt", ARTICLE)
    rc, _, err = cli(["article.txt"], cwd=tmp_path)
    assert rc == 2
    assert "ignored" in err and str(cfg) in err


@pytest.mark.parametrize(
    "content, key",
    [
        ('select = "P201"\n', "select"),
        ('fail-on = "never"\n', "fail-on"),
        ('[severity]\nP201 = "fatal"\n', "P201"),
        ('language = 3\n', "language"),
        ('per-file-ignores = ["*.txt"]\n', "per-file-ignores"),
    ],
)
def test_a_value_of_the_wrong_kind_exits_2_naming_the_key_and_the_file(
    cli, write, tmp_path, content, key
):
    cfg = write("hygiene.toml", content)
    write("article.txt", ARTICLE)
    rc, _, err = cli(["article.txt"], cwd=tmp_path)
    assert rc == 2
    assert len(err.strip().splitlines()) == 1
    assert key in err and str(cfg) in err


def test_invalid_toml_exits_2_naming_the_file_and_line(cli, write, tmp_path):
    cfg = write("hygiene.toml", 'select = ["P"]\nignore = [\n')
    write("article.txt", ARTICLE)
    rc, _, err = cli(["article.txt"], cwd=tmp_path)
    assert rc == 2
    assert str(cfg) in err


def test_unknown_code_in_the_configuration_names_the_file(cli, write, tmp_path):
    cfg = write("hygiene.toml", 'select = ["P201", "X999"]\n')
    write("article.txt", ARTICLE)
    rc, _, err = cli(["article.txt"], cwd=tmp_path)
    assert rc == 2
    assert "X999" in err and str(cfg) in err


def test_unknown_code_in_per_file_ignores_exits_2(cli, write, tmp_path):
    write("hygiene.toml", '[per-file-ignores]\n"*.txt" = ["P2O1"]\n')
    write("article.txt", ARTICLE)
    rc, _, err = cli(["article.txt"], cwd=tmp_path)
    assert rc == 2
    assert "P2O1" in err


def test_a_broken_pyproject_with_a_hygiene_table_is_an_error_not_silently_skipped(
    cli, write, tmp_path
):
    cfg = write("pyproject.toml", '[tool.hygiene]\nignore = ["P201"]\n\n[tool.other\n')
    write("article.txt", ARTICLE)
    rc, _, err = cli(["article.txt"], cwd=tmp_path)
    assert rc == 2
    assert str(cfg) in err


# -- --config and --isolated -----------------------------------------------------------------


def test_config_option_uses_that_file_instead_of_the_discovered_one(check, write, tmp_path):
    write("proj/hygiene.toml", 'ignore = ["P201"]\n')
    write("shared/strict.toml", 'select = ["caption"]\n')
    write("proj/article.txt", ARTICLE)
    assert check("--config", tmp_path / "shared" / "strict.toml", "proj/article.txt")[1] == {
        "C201"}


def test_config_option_accepts_a_pyproject(check, write):
    write("other/pyproject.toml", '[tool.hygiene]\nselect = ["A"]\n')
    write("article.txt", ARTICLE)
    assert check("--config", "other/pyproject.toml", "article.txt")[1] == {"A101"}


def test_config_option_with_a_missing_file_exits_2(cli, write, tmp_path):
    write("article.txt", ARTICLE)
    rc, _, err = cli(["--config", "nope.toml", "article.txt"], cwd=tmp_path)
    assert rc == 2
    assert "nope.toml" in err


def test_isolated_ignores_every_configuration_file(check, write):
    write("proj/hygiene.toml", 'select = ["A"]\nfail-on = "error"\n')
    write("proj/article.txt", ARTICLE)
    assert check("proj/article.txt")[:2] == (0, {"A101"})
    rc, found, _, _ = check("--isolated", "proj/article.txt")
    assert (rc, found) == (1, ALL_CODES)


def test_isolated_does_not_even_read_a_broken_configuration(check, write):
    write("proj/hygiene.toml", "this is not toml\n")
    write("proj/article.txt", ARTICLE)
    assert check("proj/article.txt")[0] == 2
    assert check("--isolated", "proj/article.txt")[:2] == (1, ALL_CODES)
