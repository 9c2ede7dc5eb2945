"""The built-in rule packs ship inside the wheel and load from a non-editable install."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_rule_packs_and_a_plain_install_loads_them(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True, capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("hygiene-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    packs = {p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*.toml")}
    for rel in packs:
        assert f"hygiene/rules/{rel}" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    code = ("import hygiene.packs as p, sys; files = p.builtin_pack_files(); "
            "print(len(files), all(str(f).startswith(sys.argv[1]) for f in files))")
    env = dict(os.environ, PYTHONPATH=str(target))
    out = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True,
                         text=True, cwd=tmp_path, env=env, check=True).stdout.split()
    assert out == [str(len(packs)), "True"]
