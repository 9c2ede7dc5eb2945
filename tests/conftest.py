"""Shared fixtures: run the ``hygiene`` command line (as a subprocess or in-process) on test files.

``run_cli`` is the real thing: ``python -m hygiene`` in a child process, so exit codes, stderr,
tracebacks, stdin and plugin loading are exactly what a user sees. ``cli`` calls
``hygiene.cli.main`` in this process; it is much faster (the rule packs are compiled once per
process) and is used where the process boundary does not matter.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

# Environment variables that would change what a run prints or loads.
_SCRUB = ("HYGIENE_DISABLE_PLUGIN_AUTOLOAD", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE",
          "COLUMNS", "LINES")


def _child_env(extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in _SCRUB}
    env["PYTHONIOENCODING"] = "utf-8"
    for key, value in (extra or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


@pytest.fixture(scope="session", autouse=True)
def _no_stray_configuration(tmp_path_factory):
    """Configuration is discovered by walking up from the checked file; a hygiene.toml (or a
    pyproject.toml with [tool.hygiene]) above the temporary folders would change every run."""
    from hygiene.config import find_config

    stray = find_config(tmp_path_factory.getbasetemp())
    if stray is not None:
        pytest.exit(f"a hygiene configuration above the test folders would leak into the tests: "
                    f"{stray}", returncode=4)


@pytest.fixture(scope="session")
def run_cli():
    """``run_cli(args, cwd=None, stdin=None, env=None) -> (returncode, stdout, stderr)``.

    Runs ``python -m hygiene *args`` with HYGIENE_DISABLE_PLUGIN_AUTOLOAD unset. ``stdin`` may be
    ``str`` (sent as UTF-8) or ``bytes``; ``env`` adds (or, with a value of None, removes)
    environment variables.
    """

    def run(args, cwd=None, stdin=None, env=None):
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        proc = subprocess.run(
            [sys.executable, "-m", "hygiene", *map(str, args)],
            cwd=cwd,
            input=data if data is not None else b"",
            capture_output=True,
            env=_child_env(env),
            timeout=120,
            check=False,
        )
        return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
                proc.stderr.decode("utf-8", "replace"))

    return run


@pytest.fixture
def cli(monkeypatch, capsys):
    """``cli(args, cwd=None, stdin=None) -> (returncode, stdout, stderr)``, in this process."""
    from hygiene.cli import main

    for key in _SCRUB:
        monkeypatch.delenv(key, raising=False)

    def run(args, cwd=None, stdin=None):
        if cwd is not None:
            monkeypatch.chdir(cwd)
        data = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        capsys.readouterr()
        rc = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return rc, out, err

    return run


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """A private copy of the seed corpus (five scraped articles), safe to fix in place."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture
def write(tmp_path):
    """``write(name, content)``: a file under tmp_path from ``str`` (written as UTF-8, newlines
    untranslated) or ``bytes``; returns its Path."""

    def make(name: str, content) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        p.write_bytes(content)
        return p

    return make
