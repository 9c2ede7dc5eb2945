"""The pre-commit hooks in ``.pre-commit-hooks.yaml``, run by the real ``pre-commit``.

pre-commit installs a hook repository by cloning it at a commit and pip-installing it into a
virtualenv of its own (which fetches hygiene's dependencies from the package index). The hooks
repository is this checkout at HEAD when the working tree is clean (as in CI, which tests a
fresh clone). When it is not, the test commits a snapshot of the working tree into a throwaway
clone under the temporary folder and points pre-commit at that, so uncommitted work is what gets
tested; nothing is ever committed in the checkout itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, _child_env

NETWORK_ERRORS = ("Temporary failure in name resolution", "Failed to establish a new connection",
                  "Network is unreachable", "No matching distribution found",
                  "Could not find a version that satisfies", "Connection refused",
                  "Read timed out", "ConnectTimeoutError", "ProxyError")

ARTICLE = (
    "Council approves new budget\n"
    "\n"
    "The city council approved the budget for next year on Monday evening.\n"
    "\n"
    "$config[ads_top] not found\n"
    "\n"
    "The vote was seven to two, after a debate that lasted more than four hours.\n"
    "\n"
    "Advertisement\n"
    "\n"
    "The mayor said the plan would fund two new schools and a bus line.\n"
)
ARTICLE_FIXED = (
    "Council approves new budget\n"
    "\n"
    "The city council approved the budget for next year on Monday evening.\n"
    "\n"
    "The vote was seven to two, after a debate that lasted more than four hours.\n"
    "\n"
    "The mayor said the plan would fund two new schools and a bus line.\n"
)
STORY_MD = (
    "# Floods close the A9\n"
    "\n"
    "The road between Perth and Inverness was shut on Monday after heavy rain.\n"
    "\n"
    "Advertisement\n"
    "\n"
    "Police said it would reopen once the water had gone down.\n"
)
# Not an article: the hooks must never pass it to hygiene, although it is a text file with an
# ad label on a line of its own.
SCRAPER_PY = 'LABELS = [\n"Advertisement"\n]\nAdvertisement\n'
HEDGED = (
    "Minister resigns\n"
    "\n"
    "The minister reportedly resigned on Friday after a long dispute with the party leadership.\n"
    "\n"
    "His deputy will take over until a new minister is appointed next week.\n"
)


def _env(home: Path) -> dict:
    env = _child_env({"PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never",
                      "SKIP": None, "PYTHONPATH": None})
    for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                "VIRTUAL_ENV"):
        env.pop(key, None)
    return env


def _git(*args, cwd, env=None) -> str:
    proc = subprocess.run(
        ["git", "-c", "core.hooksPath=/dev/null", "-c", "user.name=hygiene tests",
         "-c", "user.email=tests@hygiene.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False, env=env,
    )
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stdout}{proc.stderr}"
    return proc.stdout.strip()


@pytest.fixture(scope="module")
def pre_commit():
    """The command that runs the real pre-commit, installed from PyPI when missing."""
    cmd = [sys.executable, "-m", "pre_commit"]
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    probe = subprocess.run([*cmd, "--version"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
             "pre-commit"],
            capture_output=True, text=True, timeout=600, check=False,
        )
        if proc.returncode != 0:
            out = proc.stdout + proc.stderr
            if any(marker in out for marker in NETWORK_ERRORS):
                pytest.skip(f"pre-commit is not installed and cannot be installed "
                            f"(no network?): {out.strip().splitlines()[-1]}")
            pytest.fail(f"pip install pre-commit failed:\n{out}")
    return cmd


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory) -> tuple[str, str]:
    """(repository, rev) for the ``repo:``/``rev:`` of a .pre-commit-config.yaml."""
    if not (REPO / ".git").exists():
        pytest.skip(f"{REPO} is not a git checkout")
    head = _git("rev-parse", "HEAD", cwd=REPO)
    if not _git("status", "--porcelain", "--untracked-files=normal", cwd=REPO):
        return str(REPO), head
    # Uncommitted work: commit the working tree as it is into a throwaway clone. The index and
    # objects written are the clone's (--git-dir); the checkout is only read (--work-tree), and
    # its .gitignore files decide what is left out.
    snap = tmp_path_factory.mktemp("hooks-repo") / "hygiene"
    _git("clone", "--quiet", "--no-checkout", str(REPO), str(snap), cwd=snap.parent)
    where = ["--git-dir", str(snap / ".git"), "--work-tree", str(REPO)]
    _git("--git-dir", str(snap / ".git"), "read-tree", "HEAD", cwd=snap)  # index = HEAD
    _git(*where, "add", "--all", cwd=snap)
    _git(*where, "commit", "--quiet", "--allow-empty", "-m", "working tree snapshot", cwd=snap)
    return str(snap), _git("rev-parse", "HEAD", cwd=snap)


@pytest.fixture(scope="module")
def pc_home(tmp_path_factory) -> Path:
    """One PRE_COMMIT_HOME for the module: the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def corpus(tmp_path, hooks_repo):
    """``corpus(files) -> Path``: a git repository holding ``files`` and a pre-commit config
    that uses both hygiene hooks from ``hooks_repo``."""
    repo, rev = hooks_repo

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "corpus"
        root.mkdir()
        _git("init", "--quiet", cwd=root)
        for name, text in files.items():
            p = root / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(text.encode("utf-8"))
        (root / ".pre-commit-config.yaml").write_text(
            "repos:\n"
            f"  - repo: {repo}\n"
            f"    rev: {rev}\n"
            "    hooks:\n"
            "      - id: hygiene\n"
            "      - id: hygiene-fix\n",
            encoding="utf-8",
        )
        _git("add", "--all", cwd=root)
        _git("commit", "--quiet", "-m", "corpus", cwd=root)
        return root

    return make


@pytest.fixture
def run_pc(pre_commit, pc_home):
    """``run_pc(root, *args) -> (returncode, output)`` for ``pre-commit run *args``."""

    def run(root: Path, *args: str):
        proc = subprocess.run(
            [*pre_commit, "run", "--color", "never", *args],
            cwd=root, capture_output=True, text=True, timeout=600, check=False,
            env=_env(pc_home),
        )
        out = proc.stdout + proc.stderr
        if proc.returncode not in (0, 1) or "An unexpected error has occurred" in out:
            log = pc_home / "pre-commit.log"
            detail = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
            if any(marker in out + detail for marker in NETWORK_ERRORS):
                pytest.skip("pre-commit could not install the hook environment (no network?)")
            pytest.fail(f"pre-commit run {' '.join(args)} exited {proc.returncode}:\n{out}\n"
                        f"{detail}")
        return proc.returncode, out

    return run


def _status(out: str, name: str) -> str:
    m = re.search(rf"^{re.escape(name)}\.+(Passed|Failed|\(no files to check\)Skipped)$", out,
                  re.MULTILINE)
    assert m, f"no status line for {name!r} in:\n{out}"
    return m.group(1)


def test_check_hook_fails_fix_hook_rewrites_and_the_next_run_passes(corpus, run_pc):
    root = corpus({"article.txt": ARTICLE, "news/story.md": STORY_MD, "tools/scraper.py": SCRAPER_PY})

    rc, out = run_pc(root, "hygiene", "--all-files")
    assert rc == 1, out
    assert _status(out, "hygiene") == "Failed"
    assert "article.txt:5:1: P101" in out
    assert "article.txt:9:1: P201" in out
    assert "news/story.md:5:1: P201" in out
    assert "scraper.py" not in out and ".pre-commit-config.yaml" not in out
    assert (root / "article.txt").read_text(encoding="utf-8") == ARTICLE  # check only

    rc, out = run_pc(root, "hygiene-fix", "--all-files")
    assert rc == 1, out
    assert _status(out, "hygiene (fix)") == "Failed"
    assert "files were modified by this hook" in out
    assert (root / "article.txt").read_text(encoding="utf-8") == ARTICLE_FIXED
    assert (root / "news/story.md").read_text(encoding="utf-8") == STORY_MD.replace(
        "Advertisement\n\n", "")
    assert (root / "tools/scraper.py").read_text(encoding="utf-8") == SCRAPER_PY

    rc, out = run_pc(root, "--all-files")
    assert rc == 0, out
    assert _status(out, "hygiene") == "Passed"
    assert _status(out, "hygiene (fix)") == "Passed"


def test_info_flags_alone_do_not_fail_the_check_hook(corpus, run_pc, cli, tmp_path):
    root = corpus({"hedged.txt": HEDGED})
    # The article does have a finding, of severity info (an unsourced-claim flag).
    _rc, out, _ = cli(["--format", "concise", "--isolated", root / "hedged.txt"])
    assert re.search(r"hedged\.txt:3:\d+: A101 ", out), out

    rc, out = run_pc(root, "hygiene", "--all-files")
    assert rc == 0, out
    assert _status(out, "hygiene") == "Passed"
    assert (root / "hedged.txt").read_text(encoding="utf-8") == HEDGED


def test_the_hooks_manifest_is_valid(pre_commit):
    proc = subprocess.run([*pre_commit, "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
                          capture_output=True, text=True, timeout=120, check=False,
                          env=_child_env({"PYTHONPATH": None}))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_hooks_select_exactly_the_files_hygiene_checks_by_default(pre_commit):
    import yaml  # installed with pre-commit

    from hygiene.config import DEFAULT_INCLUDE

    hooks = {h["id"]: h for h in yaml.safe_load(
        (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"hygiene", "hygiene-fix"}
    assert hooks["hygiene"]["entry"] == "hygiene check"
    assert hooks["hygiene-fix"]["entry"] == "hygiene check --fix"
    assert hooks["hygiene"]["require_serial"] is False
    assert hooks["hygiene-fix"]["require_serial"] is True
    for hook in hooks.values():
        assert hook["language"] == "python"
        files = re.compile(hook["files"])
        for glob in DEFAULT_INCLUDE:
            assert files.search("corpus/article" + glob[1:]), (hook["id"], glob)
        for other in ("tools/scraper.py", ".pre-commit-config.yaml", "data.json",
                      "notes.txt.bak", "pyproject.toml"):
            assert not files.search(other), (hook["id"], other)
