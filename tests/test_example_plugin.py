"""The worked example plugin in examples/hygiene-example-plugin, installed for real, and the
"Writing rules" section of README.md that documents it.

The plugin is built and installed with pip into a private ``--target`` folder that only the
child processes see (through PYTHONPATH), as in tests/test_plugins.py; it is built from a copy,
so the checkout never gets build artefacts.
"""

from __future__ import annotations

import inspect
import json
import re
import shutil
import subprocess
import sys
import textwrap

import pytest
from conftest import REPO

EXAMPLE = REPO / "examples" / "hygiene-example-plugin"

ARTICLE = (
    "Acme opens a plant in Leeds\n"
    "\n"
    "This article was automatically generated from a company announcement.\n"
    "\n"
    "The factory will employ 300 people from next spring, the company said on Monday.\n"
    "\n"
    "Local officials welcomed the investment and promised a new bus line to the site.\n"
    "\n"
    "ENDS\n"
)
ARTICLE_FIXED = (
    "Acme opens a plant in Leeds\n"
    "\n"
    "The factory will employ 300 people from next spring, the company said on Monday.\n"
    "\n"
    "Local officials welcomed the investment and promised a new bus line to the site.\n"
)


@pytest.fixture(scope="module")
def example_env(tmp_path_factory):
    """Environment for ``run_cli`` under which the example plugin is installed."""
    root = tmp_path_factory.mktemp("example-plugin")
    src = root / "src"
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns(
        "build", "*.egg-info", "__pycache__"))
    site = root / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation",
         "--no-index", "--disable-pip-version-check", "--quiet", "--target", str(site),
         str(src)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (site / "hygiene_example_plugin" / "rules" / "house.toml").is_file(), \
        "the rule pack must ship as package data"
    yield {"PYTHONPATH": str(site)}
    shutil.rmtree(site, ignore_errors=True)


def codes(out: str) -> set[str]:
    return set(re.findall(r"^\S+:\d+:\d+: ([A-Z]+\d+) ", out, re.MULTILINE))


def test_rules_lists_both_example_rules(run_cli, example_env):
    rc, out, err = run_cli(["rules", "--format", "json"], env=example_env)
    assert rc == 0, err
    rules = {r["code"]: r for r in json.loads(out)}
    assert rules["X101"]["name"] == "auto-generated-disclaimer"
    assert rules["X101"]["fixable"] == "sometimes"
    assert rules["X201"]["name"] == "press-release-end-marker"
    assert "P201" in rules  # the built-ins are still there
    rc, out, _ = run_cli(["rules"], env=example_env)
    assert rc == 0 and "X101" in out and "X201" in out


def test_a_plugin_pack_rule_names_its_pack_as_origin(run_cli, example_env):
    _rc, out, _ = run_cli(["rules", "--format", "json"], env=example_env)
    rule = next(r for r in json.loads(out) if r["code"] == "X201")
    assert "house.toml" in rule["origin"]


def test_rule_x101_prints_its_documentation(run_cli, example_env):
    rc, out, err = run_cli(["rule", "X101"], env=example_env)
    assert rc == 0, err
    assert out.startswith("# auto-generated-disclaimer (X101)")
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead",
                    "## Fix safety", "## Languages"):
        assert section in out
    assert "This article was automatically generated from a wire feed" in out  # [en] example
    assert "[de] *Dieser Artikel wurde automatisch erstellt.*" in out
    assert "de, en, es, fr" in out


def test_rule_x201_from_the_pack_prints_its_documentation(run_cli, example_env):
    rc, out, err = run_cli(["rule", "press-release-end-marker"], env=example_env)
    assert rc == 0, err
    assert "# press-release-end-marker (X201)" in out
    assert "Fin du communiqué" in out and "## Fix safety" in out


def test_plugins_lists_the_example_with_its_distribution(run_cli, example_env):
    rc, out, _ = run_cli(["plugins"], env=example_env)
    assert rc == 0
    line = next(ln for ln in out.splitlines() if ln.startswith("example "))
    assert "hygiene-example-plugin" in line.replace("_", "-") and "0.1.0" in line


def test_a_run_finds_both_rules_and_fix_removes_both_lines(run_cli, example_env, write):
    f = write("acme.txt", ARTICLE)
    rc, out, err = run_cli(["--format", "concise", f], env=example_env)
    assert rc == 1, err
    assert codes(out) == {"X101", "X201"}, out
    assert f"{f}:3:1: X101 [*] Auto-generation disclaimer at the edge of the article" in out
    assert f"{f}:9:1: X201 [*] Press-release end marker: ENDS" in out

    rc, out, err = run_cli(["--fix", f], env=example_env)
    assert rc == 0, out + err
    assert f.read_text(encoding="utf-8") == ARTICLE_FIXED


def test_p_no_example_blocks_the_plugin_and_its_pack(run_cli, example_env, write):
    f = write("acme.txt", ARTICLE)
    rc, out, err = run_cli(["-p", "no:example", "--format", "concise", f], env=example_env)
    assert rc == 0, out + err
    assert not codes(out) & {"X101", "X201"}


# The plugin rules' own examples, run as tests/test_rule_examples.py runs the built-ins' (in a
# child process: the plugin is only installed for those).
EXAMPLES_SCRIPT = textwrap.dedent('''
    import json
    from hygiene.config import Settings
    from hygiene.engine import Linter
    from hygiene.model import Document

    linter = Linter(Settings())
    problems = []
    for rule in linter.all_rules:
        code = rule.meta.code
        if code not in ("X101", "X201"):
            continue
        ex = rule.meta.examples
        if len({e.get("lang") for e in ex if e["flag"]}) < 2:
            problems.append(f"{code} needs must-flag examples in two languages")
        if not any(not e["flag"] for e in ex):
            problems.append(f"{code} needs a must-not-flag example")
        for e in ex:
            found = [f.code for f in linter.check(Document("x.txt", e["text"], e.get("lang"))).findings]
            if e["flag"] != (code in found):
                problems.append(f"{code} flag={e['flag']} but found {found}: {e['text']!r}")
            if "fixed" in e:
                res = linter.fix(Document("x.txt", e["text"], e.get("lang")), unsafe=True)
                fixed = res.fixed_text if res.fixed_text is not None else e["text"]
                if fixed != e["fixed"]:
                    problems.append(f"{code} fixed {e['text']!r} to {fixed!r}")
    print(json.dumps(problems))
''')


def test_the_example_rules_own_examples_hold(example_env, tmp_path):
    from conftest import _child_env

    proc = subprocess.run([sys.executable, "-c", EXAMPLES_SCRIPT], capture_output=True,
                          text=True, timeout=120, check=False, cwd=tmp_path,
                          env=_child_env(example_env))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []


# -- the docs: README.md, "## Writing rules" -----------------------------------------------


def writing_rules_section() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^## Writing rules\n(.*?)(?=^## )", readme, re.MULTILINE | re.DOTALL)
    assert m, "README.md has no '## Writing rules' section"
    return m.group(1)


def hookspecs() -> dict[str, list[str]]:
    from hygiene import hookspecs as mod

    return {
        name: list(inspect.signature(fn).parameters)
        for name, fn in inspect.getmembers(mod, inspect.isfunction)
        if name.startswith("hygiene_") and hasattr(fn, "hygiene_spec")
    }


def test_every_hookspec_is_documented_with_its_signature():
    section = writing_rules_section()
    specs = hookspecs()
    assert len(specs) >= 7
    for name, params in specs.items():
        assert name in section, f"README 'Writing rules' does not document hook {name}"
        signature = f"{name}({', '.join(params)})"
        assert signature in section, f"README should give the signature {signature}"
    # and no hook that does not exist
    for name in set(re.findall(r"\bhygiene_[a-z_]+(?=\()", section)):
        assert name in specs, f"README documents {name}, which hygiene/hookspecs.py lacks"


def test_every_firstresult_hook_is_documented_as_such():
    from hygiene import hookspecs as mod

    section = writing_rules_section()
    for name in hookspecs():
        opts = getattr(mod, name).hygiene_spec
        first = opts.get("firstresult", False)
        row = next((ln for ln in section.splitlines()
                    if ln.startswith("|") and f"`{name}(" in ln), None)
        assert row is not None, f"no table row for {name}"
        assert ("first non-None" in row) == first, row


def test_every_pack_key_is_documented():
    from hygiene.kinds import KINDS
    from hygiene.packs import COMMON_KEYS

    section = writing_rules_section()

    def documented(key: str) -> bool:  # `key` or `key = value`, in code
        return re.search(rf"`{re.escape(key)}(?:`| = )", section) is not None

    for key in COMMON_KEYS:
        assert documented(key), f"common rule key {key!r} is not documented"
    for kind, cls in KINDS.items():
        assert documented(kind), f"kind {kind!r} is not documented"
        for key in cls.KEYS:
            assert documented(key), f"key {key!r} of kind {kind!r} is not documented"


def test_the_worked_example_is_the_example_plugin():
    section = writing_rules_section()
    assert "examples/hygiene-example-plugin" in section
    assert "X101" in section and "X201" in section


def test_the_readme_excerpt_of_the_example_pack_matches_the_pack():
    section = writing_rules_section()
    m = re.search(r"The example plugin's pack.*?```toml\n(.*?)```", section, re.DOTALL)
    assert m, "the Writing rules section should quote the example pack"
    pack = (EXAMPLE / "hygiene_example_plugin" / "rules" / "house.toml").read_text(
        encoding="utf-8").splitlines()
    for line in m.group(1).splitlines():
        if line and "..." not in line:  # "..." marks an abridged line
            assert line in pack, f"README quotes a line the pack does not have: {line!r}"
