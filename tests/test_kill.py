"""Nothing lost when a fixing run is killed, or when two run at once.

A corpus of ~2 000 small articles with artefacts and three JSONL shards (one gzipped) is fixed
once, cleanly, on a copy: that is the expected result. Then ``hygiene check --fix --jobs 2`` is
started on fresh copies and SIGKILLed (with its workers) at random moments, from before the first
write to the middle of the run. Every file must then be byte-identical to its original or to its
fixed version, every shard valid and complete; a temporary file a kill left behind is removed by
the next run, which finishes the job.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="fork workers, flock and /proc")

# Three rules are plenty to exercise the writes, and keep a full run at a few seconds.
CMD = [sys.executable, "-m", "hygiene", "check", "--fix", "--isolated", "--jobs", "2",
       "--select", "P101,P201,C201", "--no-progress", "-q", "--format", "concise"]
WORDS = ("the council met on monday to discuss the budget and voted for new schools roads parks "
         "while residents asked questions about taxes").split()
ARTEFACTS = ["$config[ads_top] not found", "Advertisement", "Anonim"]


def make_corpus(root: Path, files: int = 2000, seed: int = 7) -> None:
    rnd = random.Random(seed)

    def article(i: int) -> str:
        lines = [f"Budget meeting number {i}", ""]
        for _ in range(rnd.randint(2, 5)):
            words = rnd.choices(WORDS, k=rnd.randint(8, 25))
            lines += [" ".join(words).capitalize() + ".", ""]
            if rnd.random() < 0.5:
                lines += [rnd.choice(ARTEFACTS), ""]
        eol = rnd.choice(["\n", "\r\n"])
        return eol.join(lines).rstrip() + rnd.choice([eol, ""])

    for i in range(files):
        folder = root / f"d{i // 250:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"a{i:05d}.txt").write_text(article(i), newline="")
    for k, name in enumerate(["d00/shard0.jsonl", "d03/shard1.jsonl.gz", "d06/shard2.jsonl"]):
        data = "".join(json.dumps({"id": n, "text": article(n)}) + "\n" for n in range(400))
        raw = data.encode()
        (root / name).write_bytes(gzip.compress(raw, mtime=0) if name.endswith(".gz") else raw)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def records(name: str, data: bytes) -> list[str]:
    raw = gzip.decompress(data) if name.endswith(".gz") else data
    return [json.loads(line)["text"] for line in raw.splitlines()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("kill")
    make_corpus(base / "original")
    shutil.copytree(base / "original", base / "fixed")
    proc = subprocess.run([*CMD, base / "fixed"], capture_output=True, timeout=120, check=False)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    before, after = snapshot(base / "original"), snapshot(base / "fixed")
    assert sum(before[k] != after[k] for k in before) > 1000  # most files have artefacts
    return base / "original", before, after


def group_alive(pgid: int) -> bool:
    """A process of the group that is not yet a zombie (zombies write nothing)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def kill_after(folder: Path, delay: float) -> None:
    proc = subprocess.Popen([*CMD, folder], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(delay)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
    deadline = time.monotonic() + 5
    while group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.01)


def assert_each_file_whole(folder: Path, before: dict, after: dict) -> tuple[int, list[str]]:
    """Every file original or fully fixed; returns (files fixed, temporary files left)."""
    now = snapshot(folder)
    left = sorted(k for k in now if k.endswith(".hygiene-tmp"))
    assert all(Path(k).name.startswith(".") for k in left)
    assert sorted(k for k in now if k not in left) == sorted(before)
    fixed = 0
    for name, data in before.items():
        assert now[name] in (data, after[name]), f"{name} is neither original nor fixed"
        fixed += now[name] != data
        if ".jsonl" in name:  # valid, complete, each record original or fixed
            got = records(name, now[name])
            old, new = records(name, data), records(name, after[name])
            assert len(got) == len(old) and all(g in (o, n) for g, o, n in zip(got, old, new))
    return fixed, left


def test_a_killed_fix_leaves_every_file_whole_and_the_next_run_cleans_up(corpus, tmp_path):
    original, before, after = corpus
    seed = random.randrange(1 << 30)
    rnd = random.Random(seed)
    # Very early (before or at the first write), then spread over the run.
    delays = [0.05, 0.4, 0.8] + sorted(rnd.uniform(1.0, 3.5) for _ in range(7))
    recovered = 0
    seen = []
    for i, delay in enumerate(delays):
        work = tmp_path / f"run{i}"
        shutil.copytree(original, work)
        kill_after(work, delay)
        fixed, left = assert_each_file_whole(work, before, after)
        seen.append((round(delay, 2), fixed, len(left)))
        # Recover at least once, and whenever a kill left a temporary file (twice at most).
        if (left and recovered < 2) or (i == len(delays) - 1 and not recovered):
            proc = subprocess.run([*CMD, work], capture_output=True, timeout=120, check=False)
            assert proc.returncode in (0, 1), proc.stderr.decode()
            assert snapshot(work) == after, f"seed {seed}: the next run did not finish the job"
            recovered += 1
        shutil.rmtree(work)
    # (delay, files fixed, temporary files left) per kill, for the record when this fails.
    print(f"seed {seed}: {seen}")
    assert any(0 < fixed < len(before) for _, fixed, _ in seen), f"no kill mid-run: {seen}"


def test_two_fixing_runs_at_once_never_corrupt_a_file(corpus, tmp_path):
    original, _, after = corpus
    work = tmp_path / "work"
    shutil.copytree(original, work)
    for extra in ("d02", "d03", "d04", "d05", "d06", "d07"):  # a few hundred files
        shutil.rmtree(work / extra)
    cmd = [c for c in CMD if c not in ("--jobs", "2")]
    procs = [subprocess.Popen([*cmd, "--jobs", str(jobs), work], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE) for jobs in (1, 2)]
    errs = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] in ([0, 0], [0, 1], [1, 0], [1, 1]), errs
    assert errs == ["", ""]  # a file the other run fixed first is not an error
    now = snapshot(work)
    assert now == {k: v for k, v in after.items() if k.split("/")[0] in ("d00", "d01")}
