"""Third-party plugins (entry points in the ``hygiene`` group) and user rule packs.

The test plugin is a real distribution built and installed with pip. It is installed with
``--target`` into a private folder that only the child processes see (through PYTHONPATH), not
into the shared virtualenv: a plugin whose rule raises must never leak into other runs of
hygiene from the same interpreter, even if this test process dies before its finalizer runs.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

PLUGIN_MODULE = '''
"""A tiny third-party hygiene plugin, used by hygiene's own tests."""

import re

from hygiene import Rule, hookimpl
from hygiene.model import Edit, Fix, RuleDocs, RuleMeta, Severity


class Foobar(Rule):
    def __init__(self):
        self.meta = RuleMeta(
            code="X901",
            name="foobar-marker",
            family="placeholder",
            severity=Severity.ERROR,
            fixable="always",
            docs=RuleDocs(
                what="Flags the test marker FOOBAR.",
                why="FOOBAR is a placeholder nobody meant to publish.",
                example="The FOOBAR council met.",
                use_instead="The council met.",
                fix_safety="Safe: only the marker and one space go.",
            ),
            origin="plugin hygiene_testplugin",
        )

    def check(self, doc):
        for m in re.finditer(r"\\bFOOBAR\\b ?", doc.text):
            yield self.finding(doc, m.start(), m.start() + 6, "Test marker FOOBAR left in",
                               Fix.safe("Remove FOOBAR", Edit(m.start(), m.end(), "")))


class Exploding(Rule):
    def __init__(self):
        self.meta = RuleMeta("X902", "exploding-rule", "placeholder", Severity.ERROR, "never")

    def check(self, doc):
        if "EXPLODE" in doc.text:
            raise RuntimeError("the plugin rule blew up")
        return []


@hookimpl
def hygiene_register_rules(settings):
    return [Foobar(), Exploding()]
'''

PYPROJECT = '''
[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"

[project]
name = "hygiene-testplugin"
version = "0.0.1"

[project.entry-points.hygiene]
testplugin = "hygiene_testplugin"

[tool.setuptools]
py-modules = ["hygiene_testplugin"]
'''

FOOBAR_TEXT = "Title\n\nThe FOOBAR council met on Monday.\n"


@pytest.fixture(scope="module")
def plugin_env(tmp_path_factory):
    """Environment for ``run_cli`` under which the test plugin is installed."""
    root = tmp_path_factory.mktemp("plugin")
    pkg = root / "src"
    pkg.mkdir()
    (pkg / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (pkg / "hygiene_testplugin.py").write_text(PLUGIN_MODULE, encoding="utf-8")
    site = root / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation",
         "--no-index", "--disable-pip-version-check", "--quiet", "--target", str(site),
         str(pkg)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert list(site.glob("hygiene_testplugin-0.0.1.dist-info/entry_points.txt"))
    yield {"PYTHONPATH": str(site)}
    shutil.rmtree(site, ignore_errors=True)  # uninstall


def codes(out: str) -> set[str]:
    return set(re.findall(r"^\S+:\d+:\d+: ([A-Z]+\d+) ", out, re.MULTILINE))


# -- plugins ---------------------------------------------------------------------------------


def test_rules_lists_the_plugin_rule(run_cli, plugin_env):
    rc, out, err = run_cli(["rules"], env=plugin_env)
    assert rc == 0, err
    assert "X901" in out and "foobar-marker" in out
    assert "P201" in out  # the built-ins are still there


def test_rule_documents_the_plugin_rule(run_cli, plugin_env):
    rc, out, _ = run_cli(["rule", "X901"], env=plugin_env)
    assert rc == 0
    assert "Flags the test marker FOOBAR." in out
    assert "The FOOBAR council met." in out


def test_plugins_lists_the_plugin_with_its_distribution(run_cli, plugin_env):
    rc, out, _ = run_cli(["plugins"], env=plugin_env)
    assert rc == 0
    line = next(ln for ln in out.splitlines() if ln.startswith("testplugin"))
    assert "hygiene-testplugin" in line.replace("_", "-") and "0.0.1" in line


@pytest.fixture(scope="module")
def sample(tmp_path_factory, run_cli, plugin_env):
    """A file with a plugin finding and a built-in one, and the plugin-enabled run on it."""
    f = tmp_path_factory.mktemp("sample") / "a.txt"
    f.write_text(FOOBAR_TEXT + "\nAdvertisement\n", encoding="utf-8")
    rc, out, err = run_cli(["--format", "concise", f], env=plugin_env)
    return f, rc, out, err


def test_a_run_finds_the_plugin_rule(sample):
    f, rc, out, err = sample
    assert rc == 1, err
    assert f"{f}:3:5: X901 [*] Test marker FOOBAR left in" in out
    assert codes(out) == {"X901", "P201"}


def test_fix_applies_the_plugin_rules_fix(run_cli, plugin_env, write):
    f = write("a.txt", FOOBAR_TEXT)
    rc, out, err = run_cli(["--fix", f], env=plugin_env)
    assert rc == 0, out + err
    assert f.read_text(encoding="utf-8") == "Title\n\nThe council met on Monday.\n"


def test_p_no_name_blocks_the_plugin(run_cli, plugin_env, sample):
    f, _, baseline, _ = sample
    assert "X901" in codes(baseline)
    _rc, out, err = run_cli(["-p", "no:testplugin", "--format", "concise", f], env=plugin_env)
    assert codes(out) == {"P201"}, out + err


def test_disable_plugin_autoload_variable_skips_third_party_plugins(run_cli, plugin_env, sample):
    f, _, baseline, _ = sample
    assert "X901" in codes(baseline)
    env = {**plugin_env, "HYGIENE_DISABLE_PLUGIN_AUTOLOAD": "1"}
    _rc, out, err = run_cli(["--format", "concise", f], env=env)
    assert codes(out) == {"P201"}, out + err


def test_a_raising_plugin_rule_is_an_internal_error_and_other_findings_are_still_reported(
    run_cli, plugin_env, write, tmp_path
):
    write("bad.txt", "Title\n\nAdvertisement\n\nThe FOOBAR council met. EXPLODE.\n")
    write("good.txt", "Title\n\nAnonim\n\nThe council met on Monday.\n")
    rc, out, err = run_cli(["--format", "concise", "bad.txt", "good.txt"], cwd=tmp_path,
                           env=plugin_env)
    assert rc == 2
    assert "Traceback" not in err
    errors = [ln for ln in err.splitlines() if "internal error" in ln]
    assert len(errors) == 1, err
    assert "X902" in errors[0] and "bad.txt" in errors[0]
    assert "the plugin rule blew up" in errors[0]
    assert "bad.txt:3:1: P201" in out
    assert "bad.txt:5:5: X901" in out
    assert "good.txt:3:1: C201" in out


def test_p_without_no_prefix_is_a_usage_error(cli, write):
    rc, _, err = cli(["-p", "testplugin", write("a.txt", FOOBAR_TEXT)])
    assert rc == 2
    assert "no:NAME" in err


# -- user rule packs -------------------------------------------------------------------------

GOOD_RULE = '''\
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


def test_a_user_rule_pack_adds_its_rules(cli, write):
    pack = write("house.toml", GOOD_RULE)
    f = write("a.txt", "The council met on Monday.\n\nEND OF STORY\n")
    rc, out, _ = cli(["--rule-pack", pack, "--format", "concise", f])
    assert rc == 1
    assert codes(out) == {"Z101"}


def test_a_rule_pack_with_a_toml_syntax_error_exits_2_naming_the_file_and_line(cli, write):
    pack = write("bad.toml", '# house rules\n\n[[rule]]\ncode = "Z101"\nname = = "x"\n')
    rc, _out, err = cli(["--rule-pack", pack, write("a.txt", "Text.\n")])
    assert rc == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert str(pack) in lines[0]
    assert re.search(r"\bline 5\b|bad\.toml:5\b", lines[0]), lines[0]


BAD_KEY_PACK = GOOD_RULE + textwrap.dedent('''
    [[rule]]
    code = "Z102"
    name = "house-footer"
    kind = "line"
    family = "boilerplate"
    message = "House footer: {match}"
    phrasez = ["ALL RIGHTS RESERVED"]
''')  # the second [[rule]] is on line 11, its bad key on line 17


def test_a_rule_pack_with_an_unknown_key_exits_2_naming_the_file_the_line_and_the_key(
    run_cli, write
):
    pack = write("bad.toml", BAD_KEY_PACK)
    assert BAD_KEY_PACK.splitlines()[10] == "[[rule]]"
    rc, _out, err = run_cli(["--rule-pack", pack, write("a.txt", "Text.\n")])
    assert rc == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "phrasez" in lines[0]
    m = re.search(re.escape(str(pack)) + r":(\d+):", lines[0])
    assert m and int(m.group(1)) in (11, 17), lines[0]


def test_rule_pack_error_line_is_right_when_rule_headers_carry_comments(cli, write):
    text = BAD_KEY_PACK.replace("[[rule]]", "[[rule]]  # house style")
    pack = write("bad.toml", text)
    rc, _, err = cli(["--rule-pack", pack, write("a.txt", "Text.\n")])
    assert rc == 2
    m = re.search(re.escape(str(pack)) + r":(\d+):", err)
    assert m and int(m.group(1)) in (11, 17), err


def test_a_missing_rule_pack_exits_2(cli, write, tmp_path):
    rc, _, err = cli(["--rule-pack", tmp_path / "nope.toml", write("a.txt", "Text.\n")])
    assert rc == 2
    assert "nope.toml" in err


def test_a_rule_pack_reusing_a_builtin_code_exits_2(cli, write):
    pack = write("dup.toml", GOOD_RULE.replace("Z101", "P201"))
    rc, _, err = cli(["--rule-pack", pack, write("a.txt", "Text.\n")])
    assert rc == 2
    assert "P201" in err and "twice" in err


def test_rules_json_reports_a_user_pack_rule_with_its_origin(cli, write, tmp_path):
    write("hygiene.toml", 'rule-packs = ["house.toml"]\n')
    write("house.toml", GOOD_RULE)
    _rc, out, _ = cli(["rules", "--format", "json"], cwd=tmp_path)
    rule = next(r for r in json.loads(out) if r["code"] == "Z101")
    assert "house.toml" in rule["origin"]
