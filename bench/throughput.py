"""Corpus-scale throughput, memory and comparison benchmark.

    python bench/throughput.py [--sizes 10000,100000] [--jobs 1,2] [--forms txt,jsonl]
                               [--only 100000:jsonl:2,...] [--gzip] [--work DIR]
                               [--subset 1000] [--no-competitors] [--profile-docs 500]
                               [--json FILE] [--markdown FILE]

For every size it writes a corpus with ``bench/make_corpus.py`` (the 10 000-document corpus is
the first 10 000 documents of the 100 000-document one) and then measures:

1. **CLI runs** — ``hygiene check --exit-zero --format concise --no-progress --jobs J PATH`` as a
   subprocess, on the txt folder and on the JSONL shards, stdout to a file (it is part of the
   work: the report is written). Wall time; CPU time (user+sys of the whole tree, from
   ``os.wait4``, whose rusage includes the worker processes hygiene reaped); peak RSS two ways:
   the largest single process (``ru_maxrss`` from ``wait4``: the kernel's high-water mark over
   the process and all its descendants, so nothing between two samples is missed) and the whole
   tree (VmRSS of the process and all its descendants summed, sampled every 50 ms from
   ``/proc/<pid>/status``; forked workers share copy-on-write pages with the parent, so the sum
   over-counts shared memory — PSS from ``smaps_rollup``, sampled every 0.5 s, does not).
2. **Corpus pass vs per-document pass**, in-process: a child Python process builds
   ``Linter(Settings())`` and calls ``hygiene.run.run`` exactly as the CLI does (jobs 1,
   ``keep_text=False``) with ``hygiene.run.corpus_pass`` and every corpus rule's
   ``fingerprint``/``check_corpus`` wrapped in timers. In-process rather than ``--select D``
   vs ``--ignore D`` because the CLI difference would mix start-up, reading and report writing
   into both sides and cannot separate the fingerprints (computed during the per-document pass)
   from the cross-document pass; here each part is timed directly. ``--corpus-only`` sizes
   (default: sizes over 20 000) skip the per-document rules and only fingerprint every document
   (language taken from the record) and run the corpus pass, so the corpus pass can be timed at
   100 000 documents without a second full run.
3. **Other tools** on the first ``--subset`` txt files: textlint (from ``bench/.tools``, npm)
   and proselint (``bench/.tools/venv``), against hygiene on the same files at ``--jobs 1``.
   Each tool is also timed on one file, so the ratio can be given with and without start-up.
4. **Profile**: ``cProfile`` over ``Linter.check`` on ``--profile-docs`` documents with a warm
   linter (patterns compiled on an earlier pass), top 20 by tottime, and the time per rule.

Install the other tools first (``bash bench/install_tools.sh``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TOOLS = HERE / ".tools"
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402


# The environment of every measured process: PYTHONPATH names the hygiene source measured.
ENV = dict(os.environ)


def use_source(source: str, work: Path) -> dict:
    """Measure a fixed hygiene source, not a work tree others may be editing mid-run.

    ``head`` (default): ``git archive HEAD`` into WORK/src-<commit>; ``worktree``: the files as
    they are; a path: that checkout. Anything but ``worktree`` goes first on PYTHONPATH, ahead
    of the editable install (whose finder comes after the path-based one)."""
    info = {"source": source}
    if source == "head":
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout.strip()
        dest = work / f"src-{commit}"
        if not dest.exists():
            tmp = work / f"src-{commit}.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, check=True,
                                     capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
            tmp.rename(dest)
        info.update(commit=commit, path=str(dest))
    elif source != "worktree":
        info["path"] = str(Path(source).resolve())
        if Path(source).name.startswith("src-"):  # a snapshot this script made
            info["commit"] = Path(source).name[4:]
    if "path" in info:
        ENV["PYTHONPATH"] = os.pathsep.join(
            [info["path"]] + [p for p in [os.environ.get("PYTHONPATH")] if p])
    info["imported_from"] = subprocess.run(
        [sys.executable, "-c", "import hygiene; print(hygiene.__file__)"], env=ENV, check=True,
        capture_output=True, text=True, cwd=work).stdout.strip()
    return info


# -- measuring a process tree -----------------------------------------------------------------


def _children(pid: int) -> list[int]:
    kids = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                kids.extend(int(x) for x in fh.read().split())
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return kids


def _tree(root: int) -> list[int]:
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(_children(pid))
    return out


def _status_kb(pid: int, keys=("VmRSS", "VmHWM")) -> dict:
    vals = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                k, _, v = line.partition(":")
                if k in keys:
                    vals[k] = int(v.split()[0])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return vals


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0


def _busy_s() -> float:
    """CPU seconds the whole machine has spent busy since boot (all but idle and iowait)."""
    with open("/proc/stat") as fh:
        vals = [int(x) for x in fh.readline().split()[1:]]
    idle = vals[3] + (vals[4] if len(vals) > 4 else 0)
    return (sum(vals[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def measure(cmd: list[str], stdout_path: str | os.PathLike | None = None,
            cwd: str | None = None, interval: float = 0.05) -> dict:
    """Run ``cmd``; wall and CPU time, peak RSS (largest process and whole tree), processes."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    err = tempfile.TemporaryFile()
    busy0, load0 = _busy_s(), os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd, env=ENV)
    peak = {"tree_rss": 0, "tree_pss": 0, "hwm": 0, "pids": set(), "samples": 0}
    done = threading.Event()

    def sample():
        n = 0
        while not done.is_set():
            pids = _tree(proc.pid)
            rss = 0
            for pid in pids:
                st = _status_kb(pid)
                rss += st.get("VmRSS", 0)
                peak["hwm"] = max(peak["hwm"], st.get("VmHWM", 0))
            peak["tree_rss"] = max(peak["tree_rss"], rss)
            peak["pids"].update(pids)
            if n % 10 == 0:
                peak["tree_pss"] = max(peak["tree_pss"], sum(_pss_kb(p) for p in pids))
            n += 1
            peak["samples"] = n
            done.wait(interval)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    other = max(0.0, _busy_s() - busy0 - ru.ru_utime - ru.ru_stime)
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    th.join()
    if stdout_path:
        out.close()
    err.seek(0)
    stderr = err.read().decode("utf-8", "replace")
    err.close()
    return {
        "cmd": cmd, "returncode": proc.returncode, "wall_s": wall,
        "cpu_s": ru.ru_utime + ru.ru_stime, "user_s": ru.ru_utime, "sys_s": ru.ru_stime,
        "max_process_rss_mb": ru.ru_maxrss / 1024,  # KiB on Linux
        "tree_rss_peak_mb": peak["tree_rss"] / 1024,
        "tree_pss_peak_mb": peak["tree_pss"] / 1024,
        "processes": len(peak["pids"]), "samples": peak["samples"],
        # Other processes on the machine during the run, in cores busy on average (this
        # benchmark's sampler included): wall times are only comparable when this is ~0.
        "other_load_cores": other / wall, "loadavg_start": load0,
        "stderr_tail": stderr[-2000:],
    }


# -- runs -----------------------------------------------------------------------------------


def hygiene_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "hygiene"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "hygiene"]


def textlint_cmd(files: list[str]) -> list[str] | None:
    exe = TOOLS / "node_modules" / ".bin" / "textlint"
    if not exe.exists():
        return None
    rules = [r for r in TEXTLINT_RULES
             if (TOOLS / "node_modules" / f"textlint-rule-{r}").exists()]
    cmd = [str(exe), "--no-textlintrc", "--rules-base-directory", str(TOOLS / "node_modules"),
           "-f", "compact"]
    for r in rules:
        cmd += ["--rule", r]
    return cmd + files


def proselint_cmd(files: list[str]) -> list[str] | None:
    exe = TOOLS / "venv" / "bin" / "proselint"
    return [str(exe), "--output-format", "compact", "check", *files] if exe.exists() else None


TEXTLINT_RULES = ("no-todo", "write-good", "sentence-length", "max-comma",
                  "common-misspellings")


def tool_version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=ENV,
                              check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def count_findings(path: Path) -> int:
    """The total from the concise report's closing "Found N findings." line."""
    import re

    with open(path, "rb") as fh:
        fh.seek(max(0, path.stat().st_size - 4096))
        m = re.findall(rb"Found (\d+) findings?", fh.read())
    return int(m[-1]) if m else -1


def cli_run(corpus: Path, form: str, jobs: int, manifest: dict, work: Path) -> dict:
    target = corpus / form
    cmd = hygiene_cmd() + ["check", "--exit-zero", "--format", "concise", "--no-progress",
                           "--jobs", str(jobs), str(target)]
    out = work / f"out-{manifest['documents']}-{form}-{jobs}.txt"
    m = measure(cmd, out, cwd=str(work))
    m["report_lines"] = count_lines(out)
    m["findings"] = count_findings(out)
    if m["returncode"] != 0:
        print(f"    FAILED (exit {m['returncode']}): {m['stderr_tail'][-600:]}", flush=True)
    m["report_mb"] = out.stat().st_size / 1e6
    out.unlink()
    n, mb = manifest["documents"], manifest["text_bytes"] / 1e6
    m.update(size=n, form=form, jobs=jobs, text_mb=mb, docs_per_s=n / m["wall_s"],
             mb_per_s=mb / m["wall_s"], mb_per_s_per_job=mb / m["wall_s"] / jobs,
             mb_per_cpu_s=mb / m["cpu_s"], files=sum(1 for _ in target.rglob("*") if _.is_file()))
    return m


# -- in-process: corpus pass vs per-document pass ---------------------------------------------


def _inprocess(path: str, corpus_only: bool) -> dict:
    """Runs in a child process (``--_inprocess``); prints one JSON object."""
    import hygiene.run as hr
    from hygiene.config import Settings
    from hygiene.engine import Linter
    from hygiene.model import Document

    t0 = time.perf_counter()
    linter = Linter(Settings())
    t_build = time.perf_counter() - t0
    fp_time = {r.meta.code: 0.0 for r in linter.corpus_rules}
    cc_time = dict.fromkeys(fp_time, 0.0)
    for rule in linter.corpus_rules:
        code = rule.meta.code

        def fp(doc, _orig=rule.fingerprint, _code=code):
            t = time.perf_counter()
            try:
                return _orig(doc)
            finally:
                fp_time[_code] += time.perf_counter() - t

        def cc(items, _orig=rule.check_corpus, _code=code):
            t = time.perf_counter()
            try:
                return list(_orig(items))
            finally:
                cc_time[_code] += time.perf_counter() - t

        rule.fingerprint, rule.check_corpus = fp, cc
    timed = {"corpus_pass_s": 0.0}
    orig_pass = hr.corpus_pass

    def corpus_pass(*a, **k):
        t = time.perf_counter()
        try:
            return orig_pass(*a, **k)
        finally:
            timed["corpus_pass_s"] += time.perf_counter() - t

    hr.corpus_pass = corpus_pass
    out = {"path": path, "linter_build_s": t_build, "corpus_only": corpus_only}
    if corpus_only:
        # Fingerprints only (the language comes from the record), then the corpus pass.
        from hygiene.io import jsonl

        from hygiene.fingerprints import FingerprintStore

        fingerprints, docs, t_read = FingerprintStore(), 0, time.perf_counter()
        files = sorted(Path(path).rglob("*.jsonl*")) if Path(path).is_dir() else [Path(path)]
        for f in files:
            for n, raw in enumerate(jsonl.read_lines(str(f)), 1):
                obj = json.loads(raw)
                doc = Document(str(f), obj["text"], obj.get("lang"),
                               record={"line": n, "id": obj.get("id")}, source="jsonl")
                fingerprints.add(doc.path, doc.record,
                                 {r.meta.code: r.fingerprint(doc) for r in linter.corpus_rules})
                docs += 1
        out["read_and_fingerprint_s"] = time.perf_counter() - t_read
        result = hr.RunResult()
        findings = hr.corpus_pass(linter, fingerprints, result)
        out.update(documents=docs, corpus_findings=len(findings), errors=len(result.errors))
    else:
        t = time.perf_counter()
        result = hr.run(linter, [path], jobs=1, keep_text=False)
        out["run_s"] = time.perf_counter() - t
        from hygiene.report import get_writer

        t = time.perf_counter()
        get_writer("concise", linter.pm)(result, io.StringIO(), {"fixing": False, "quiet": False})
        out["report_s"] = time.perf_counter() - t
        out.update(documents=len(result.results), findings=len(result.findings),
                   corpus_findings=len(result.corpus_findings), errors=len(result.errors),
                   per_document_pass_s=out["run_s"] - timed["corpus_pass_s"])
    out.update(corpus_pass_s=timed["corpus_pass_s"], fingerprint_s=fp_time,
               check_corpus_s=cc_time)
    return out


def inprocess_run(path: Path, corpus_only: bool, work: Path) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_inprocess", str(path)]
    if corpus_only:
        cmd.append("--_corpus-only")
    res_file = work / "inprocess.json"
    m = measure(cmd, res_file, cwd=str(work))
    if m["returncode"] != 0:
        raise RuntimeError(f"in-process run failed: {m['stderr_tail']}")
    data = json.loads(res_file.read_text())
    data.update(wall_s=m["wall_s"], max_process_rss_mb=m["max_process_rss_mb"])
    if not corpus_only:
        per_doc = data["per_document_pass_s"]
        fps = sum(data["fingerprint_s"].values())
        data["corpus_share"] = data["corpus_pass_s"] / per_doc
        data["corpus_share_with_fingerprints"] = (data["corpus_pass_s"] + fps) / (per_doc - fps)
    return data


# -- profile ------------------------------------------------------------------------------


def _profile(paths: list[str], warm: list[str]) -> dict:
    """Runs in a child process (``--_profile``)."""
    import cProfile
    import pstats

    from hygiene.config import Settings
    from hygiene.engine import Linter
    from hygiene.model import Document

    texts = [(p, Path(p).read_text(encoding="utf-8")) for p in paths]
    linter = Linter(Settings())
    t = time.perf_counter()
    # First pass, over other documents and these: compiles the lazy per-language patterns.
    for p in warm:
        linter.check(Document(p, Path(p).read_text(encoding="utf-8")))
    for p, text in texts:
        linter.check(Document(p, text))
    warm_s = time.perf_counter() - t
    t = time.perf_counter()
    for p, text in texts:
        linter.check(Document(p, text))
    plain_s = time.perf_counter() - t
    per_rule: dict[str, float] = {}
    for rule in linter.rules:
        code = rule.meta.code

        def check(doc, _orig=rule.check, _code=code):
            t = time.perf_counter()
            try:
                return list(_orig(doc))
            finally:
                per_rule[_code] = per_rule.get(_code, 0.0) + time.perf_counter() - t

        rule.check = check
    detect = linter.detect_language

    def detect_language(text):
        t = time.perf_counter()
        try:
            return detect(text)
        finally:
            per_rule["(language detection)"] = per_rule.get("(language detection)", 0.0) + \
                time.perf_counter() - t

    linter.detect_language = detect_language
    t = time.perf_counter()
    for p, text in texts:
        linter.check(Document(p, text))
    ruled_s = time.perf_counter() - t
    prof = cProfile.Profile()
    prof.enable()
    for p, text in texts:
        linter.check(Document(p, text))
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("tottime").print_stats(20)
    names = {r.meta.code: r.meta.name for r in linter.rules}
    rules = sorted(per_rule.items(), key=lambda kv: -kv[1])
    return {
        "documents": len(texts), "mb": sum(len(t.encode()) for _, t in texts) / 1e6,
        "warmup_documents": len(warm), "warmup_s": warm_s, "check_s": plain_s,
        "check_with_rule_timers_s": ruled_s,
        "per_rule_s": [(code, names.get(code, ""), s) for code, s in rules],
        "profile": buf.getvalue(),
    }


def profile_run(corpus: Path, n: int, work: Path) -> dict:
    files = sorted(str(p) for p in (corpus / "txt").rglob("*.txt"))
    paths, warm = files[:n], files[n : 2 * n] or files[:n]
    arg = work / "profile-args.json"
    arg.write_text(json.dumps({"paths": paths, "warm": warm}))
    res = work / "profile.json"
    m = measure([sys.executable, str(Path(__file__).resolve()), "--_profile", str(arg)], res,
                cwd=str(work))
    if m["returncode"] != 0:
        raise RuntimeError(f"profile failed: {m['stderr_tail']}")
    return json.loads(res.read_text())


def _memprofile(path: str, top: int = 15) -> dict:
    """Runs in a child process (``--_memprofile``): what a run keeps in memory, by source line
    (tracemalloc, started after the linter is built), and the size of the kept results."""
    import tracemalloc

    import hygiene.run as hr
    from hygiene.config import Settings
    from hygiene.engine import Linter

    linter = Linter(Settings())
    tracemalloc.start(1)
    # First run: what is loaded once, on first use (word lists, models, compiled patterns).
    base = tracemalloc.take_snapshot()
    first = hr.run(linter, [path], jobs=1, keep_text=False)
    snap = tracemalloc.take_snapshot()
    diffs = snap.compare_to(base, "lineno")
    loaded = sum(d.size_diff for d in diffs)
    loaded_rows = [(str(d.traceback[0]), d.size_diff / 1e6, d.count_diff) for d in diffs[:8]]
    del first
    # Second run of the same files: what a run keeps per document (results, fingerprints).
    base = tracemalloc.take_snapshot()
    result = hr.run(linter, [path], jobs=1, keep_text=False)
    snap = tracemalloc.take_snapshot()
    diffs = snap.compare_to(base, "lineno")
    total = sum(d.size_diff for d in diffs)
    rows = [(str(d.traceback[0]), d.size_diff / 1e6, d.count_diff) for d in diffs[:top]]
    return {"documents": len(result.results), "findings": len(result.findings),
            "loaded_once_mb": loaded / 1e6, "loaded_top": loaded_rows,
            "traced_growth_mb": total / 1e6, "top": rows}


def memprofile_run(target: Path, work: Path) -> dict:
    res = work / "memprofile.json"
    m = measure([sys.executable, str(Path(__file__).resolve()), "--_memprofile", str(target)],
                res, cwd=str(work))
    if m["returncode"] != 0:
        raise RuntimeError(f"memory profile failed: {m['stderr_tail']}")
    data = json.loads(res.read_text())
    data["max_process_rss_mb"] = m["max_process_rss_mb"]
    return data


# -- competitors --------------------------------------------------------------------------


def competitors(corpus: Path, subset: int, work: Path) -> dict:
    files = sorted(str(p) for p in (corpus / "txt").rglob("*.txt"))[:subset]
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    tools = {
        "hygiene": lambda fs: hygiene_cmd() + ["check", "--exit-zero", "--format", "concise",
                                               "--no-progress", "--jobs", "1", *fs],
        "textlint": textlint_cmd,
        "proselint": proselint_cmd,
    }
    versions = {
        "hygiene": tool_version([sys.executable, "-c",
                                 "import importlib.metadata as m; print(m.version('hygiene'))"]),
        "textlint": tool_version([str(TOOLS / "node_modules/.bin/textlint"), "--version"]),
        "proselint": tool_version([str(TOOLS / "venv/bin/proselint"), "version"]),
        "node": tool_version(["node", "--version"]),
    }
    out = {"documents": len(files), "mb": mb, "versions": versions,
           "textlint_rules": [r for r in TEXTLINT_RULES
                              if (TOOLS / "node_modules" / f"textlint-rule-{r}").exists()],
           "tools": {}}
    for name, make_cmd in tools.items():
        if make_cmd(files[:1]) is None:
            out["tools"][name] = None
            continue
        one = measure(make_cmd(files[:1]), work / f"{name}-1.txt", cwd=str(work))
        full = measure(make_cmd(files), work / f"{name}-all.txt", cwd=str(work))
        full["report_lines"] = count_lines(work / f"{name}-all.txt")
        (work / f"{name}-1.txt").unlink()
        (work / f"{name}-all.txt").unlink()
        full.update(one_file_wall_s=one["wall_s"], one_file_cpu_s=one["cpu_s"],
                    docs_per_s=len(files) / full["wall_s"],
                    docs_per_s_after_startup=(len(files) - 1) / max(1e-9, full["wall_s"] -
                                                                    one["wall_s"]),
                    mb_per_s=mb / full["wall_s"], mb_per_cpu_s=mb / full["cpu_s"])
        out["tools"][name] = full
    h = out["tools"]["hygiene"]
    for name in ("textlint", "proselint"):
        t = out["tools"].get(name)
        if t:
            t["hygiene_speed_ratio"] = t["wall_s"] / h["wall_s"]
            t["hygiene_speed_ratio_cpu"] = t["cpu_s"] / h["cpu_s"]
            t["hygiene_speed_ratio_after_startup"] = \
                h["docs_per_s_after_startup"] / t["docs_per_s_after_startup"]
    return out


# -- report -------------------------------------------------------------------------------


def machine() -> dict:
    model = "?"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    def git(*a):
        return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()

    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)),
        "cpu": model, "memory": mem, "python": platform.python_version(),
        "kernel": platform.release(), "commit": git("rev-parse", "--short", "HEAD"),
        "dirty_files": len(git("status", "--porcelain").splitlines()),
    }


def markdown(res: dict) -> str:
    L = []
    mc = res["machine"]
    L.append(f"- date: {mc['date']}; hygiene commit `{mc['commit']}` "
             f"({mc['dirty_files']} files modified or untracked in the work tree)")
    L.append(f"- machine: {mc['nproc']} cores (nproc), {mc['cpu']}, {mc['memory']} RAM, "
             f"Python {mc['python']}, Linux {mc['kernel']}")
    L.append(f"- command: `{res['command']}`")
    src = res.get("source", {})
    L.append(f"- hygiene measured: {src.get('source')} "
             f"{src.get('commit', '')} (imported from `{src.get('imported_from')}`)")
    for size, c in res["corpora"].items():
        L.append(f"- corpus {size}: {c['documents']} documents, {c['text_bytes'] / 1e6:.1f} MB of "
                 f"article text (UTF-8), mean {c['mean_doc_bytes']} bytes; "
                 f"{c['kinds']}; artefact spans per 10 kB {c['artefact_spans_per_10kb']} "
                 f"(development corpus {c['dev_corpus_artefact_spans_per_10kb']})")
    L.append("")
    L.append("### CLI runs\n")
    L.append("| docs | form | files | --jobs | processes | wall s | docs/s | MB/s | MB/s ÷ jobs "
             "| MB per CPU-s | CPU s | peak RSS, largest process | peak RSS, tree sum (PSS) "
             "| findings | other load (cores) |")
    L.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in res["cli"]:
        if r["returncode"] != 0:
            L.append(f"| {r['size']} | {r['form']} | {r['files']} | {r['jobs']} | FAILED, exit "
                     f"{r['returncode']} | | | | | | | | | | |")
            continue
        L.append(f"| {r['size']} | {r['form']} | {r['files']} | {r['jobs']} | {r['processes']} "
                 f"| {r['wall_s']:.1f} | {r['docs_per_s']:.0f} | {r['mb_per_s']:.2f} "
                 f"| {r['mb_per_s_per_job']:.2f} | {r['mb_per_cpu_s']:.2f} | {r['cpu_s']:.1f} "
                 f"| {r['max_process_rss_mb']:.0f} MB | {r['tree_rss_peak_mb']:.0f} MB "
                 f"({r['tree_pss_peak_mb']:.0f} MB) | {r['findings']} "
                 f"| {r.get('other_load_cores', float('nan')):.2f} |")
    if res["inprocess"]:
        L.append("\n### Per-document pass vs corpus pass (in-process, jobs 1)\n")
        L.append("| docs | input | per-document pass s | of which fingerprints s | corpus pass s "
                 "| D101 / D201 / D301 check_corpus s | corpus ÷ per-document | incl. fingerprints "
                 "| report s |")
        L.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in res["inprocess"]:
            fps = sum(r["fingerprint_s"].values())
            cc = " / ".join(f"{r['check_corpus_s'].get(c, 0):.2f}"
                            for c in ("D101", "D201", "D301"))
            if r["corpus_only"]:
                per_doc = r.get("per_document_pass_estimate_s")
                share = f"{r['corpus_pass_s'] / per_doc:.1%} (est.)" if per_doc else "—"
                L.append(f"| {r['documents']} | {Path(r['path']).name} (fingerprints only) "
                         f"| {per_doc and f'~{per_doc:.0f}' or '—'} | {fps:.1f} "
                         f"| {r['corpus_pass_s']:.2f} | {cc} | {share} | — | — |")
            else:
                L.append(f"| {r['documents']} | {Path(r['path']).name} "
                         f"| {r['per_document_pass_s']:.1f} | {fps:.1f} "
                         f"| {r['corpus_pass_s']:.2f} | {cc} | {r['corpus_share']:.1%} "
                         f"| {r['corpus_share_with_fingerprints']:.1%} | {r['report_s']:.1f} |")
    mem = res.get("memory")
    if mem:
        L.append(f"\n### What a run keeps in memory ({mem['documents']} txt documents, "
                 f"{mem['findings']} findings, jobs 1)\n")
        L.append(f"Peak RSS {mem['max_process_rss_mb']:.0f} MB (tracemalloc running). "
                 f"Loaded once, on first use, by the first `run()`: "
                 f"{mem['loaded_once_mb']:.0f} MB; kept by a second `run()` over the same files "
                 f"(its results and fingerprints): {mem['traced_growth_mb']:.1f} MB, "
                 f"{mem['traced_growth_mb'] * 1e3 / max(1, mem['documents']):.1f} kB per "
                 f"document. Largest holders (allocation site, MB, blocks):\n")
        L.append("| | allocated at | MB | blocks |")
        L.append("|---|---|---:|---:|")
        for where, mb, n in mem["loaded_top"]:
            L.append(f"| loaded once | `{where}` | {mb:.1f} | {n} |")
        for where, mb, n in mem["top"]:
            L.append(f"| per document | `{where}` | {mb:.1f} | {n} |")
    comp = res.get("competitors")
    if comp:
        L.append(f"\n### Other tools on the same {comp['documents']} txt files "
                 f"({comp['mb']:.1f} MB), one process each\n")
        L.append(f"Versions: {comp['versions']}; textlint rules: "
                 f"{', '.join(comp['textlint_rules'])}; proselint: its default checks.\n")
        L.append("| tool | wall s | CPU s | one file s | docs/s | docs/s after start-up "
                 "| MB per CPU-s | peak RSS | report lines | other load | hygiene is … × faster "
                 "(wall / CPU / after start-up) |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for name, t in comp["tools"].items():
            if not t:
                L.append(f"| {name} | not installed | | | | | | | | | |")
                continue
            ratio = "—" if name == "hygiene" else (
                f"{t['hygiene_speed_ratio']:.2f} / {t['hygiene_speed_ratio_cpu']:.2f} / "
                f"{t['hygiene_speed_ratio_after_startup']:.2f}")
            L.append(f"| {name} | {t['wall_s']:.1f} | {t['cpu_s']:.1f} "
                     f"| {t['one_file_wall_s']:.2f} | {t['docs_per_s']:.0f} "
                     f"| {t['docs_per_s_after_startup']:.0f} | {t['mb_per_cpu_s']:.2f} "
                     f"| {t['max_process_rss_mb']:.0f} MB | {t['report_lines']} "
                     f"| {t.get('other_load_cores', float('nan')):.2f} | {ratio} |")
    prof = res.get("profile")
    if prof:
        L.append(f"\n### Where the time goes ({prof['documents']} documents, "
                 f"{prof['mb']:.2f} MB, warm linter)\n")
        L.append(f"First pass (compiles the lazy per-language patterns) over "
                 f"{prof['warmup_documents']} other documents and these: "
                 f"{prof['warmup_s']:.1f} s; then `Linter.check` on the {prof['documents']}: "
                 f"{prof['check_s']:.1f} s ({prof['mb'] / prof['check_s']:.2f} MB/s).\n")
        L.append("| rule | name | s | share |")
        L.append("|---|---|---:|---:|")
        total = sum(s for _, _, s in prof["per_rule_s"])
        for code, name, s in prof["per_rule_s"][:25]:
            L.append(f"| {code} | {name} | {s:.2f} | {s / total:.1%} |")
        L.append("\n```")
        L.append(prof["profile"].strip())
        L.append("```")
    return "\n".join(L) + "\n"


# -- main ---------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description="hygiene corpus-scale benchmark")
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--forms", default="txt,jsonl")
    ap.add_argument("--only", help="comma-separated SIZE:FORM:JOBS runs (instead of every "
                    "size × form × jobs)")
    ap.add_argument("--gzip", action="store_true", help="JSONL shards as .jsonl.gz")
    ap.add_argument("--source", default="head",
                    help="hygiene to measure: head (a git archive of HEAD; default), worktree, "
                    "or a checkout's path")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "hygiene-bench"))
    ap.add_argument("--subset", type=int, default=1000, help="files for the other tools")
    ap.add_argument("--no-competitors", action="store_true")
    ap.add_argument("--profile-docs", type=int, default=500)
    ap.add_argument("--corpus-only-above", type=int, default=20000,
                    help="sizes above this time the corpus pass only (fingerprints + pass)")
    ap.add_argument("--no-inprocess", action="store_true")
    ap.add_argument("--json", default=None, help="write all measurements here")
    ap.add_argument("--markdown", default=None, help="write the tables here")
    ap.add_argument("--_inprocess", help=argparse.SUPPRESS)
    ap.add_argument("--_corpus-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--_profile", help=argparse.SUPPRESS)
    ap.add_argument("--_memprofile", help=argparse.SUPPRESS)
    ap.add_argument("--memory-docs", type=int, default=2000,
                    help="trace what a run of this many txt documents keeps in memory (0: no)")
    args = ap.parse_args()
    if args._inprocess:
        print(json.dumps(_inprocess(args._inprocess, args._corpus_only)))
        return 0
    if args._memprofile:
        print(json.dumps(_memprofile(args._memprofile)))
        return 0
    if args._profile:
        spec = json.loads(Path(args._profile).read_text())
        print(json.dumps(_profile(spec["paths"], spec["warm"])))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")]
    if args.only:
        runs = [(int(s), f, int(j)) for s, f, j in (x.split(":") for x in args.only.split(","))]
        sizes = sorted({s for s, _, _ in runs})
    else:
        runs = [(s, f, int(j)) for s in sizes for f in args.forms.split(",")
                for j in args.jobs.split(",")]
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    source = use_source(args.source, work)
    res = {"machine": machine(), "source": source, "command": " ".join(["python", "bench/throughput.py",
                                                      *sys.argv[1:]]),
           "corpora": {}, "cli": [], "inprocess": [], "competitors": None, "profile": None,
           "memory": None}
    for size in sizes:
        forms = {f for s, f, _ in runs if s == size}
        corpus = work / f"corpus-{size}"
        want_txt = "txt" in forms or size == sizes[0]  # the subset and profile use txt files
        print(f"[{time.strftime('%H:%M:%S')}] writing {size} documents to {corpus}", flush=True)
        manifest = make_corpus.make(corpus, size, args.seed, txt=want_txt,
                                    jsonl="jsonl" in forms or size > args.corpus_only_above,
                                    gz=args.gzip, jobs=os.cpu_count() or 1)
        res["corpora"][size] = manifest
        for s, form, jobs in runs:
            if s != size:
                continue
            print(f"[{time.strftime('%H:%M:%S')}] hygiene check {size} {form} --jobs {jobs}",
                  flush=True)
            r = cli_run(corpus, form, jobs, manifest, work)
            print(f"    {r['wall_s']:.1f} s, {r['docs_per_s']:.0f} docs/s, "
                  f"{r['mb_per_s']:.2f} MB/s, peak RSS {r['max_process_rss_mb']:.0f} MB "
                  f"(tree {r['tree_rss_peak_mb']:.0f} MB), {r['processes']} processes", flush=True)
            res["cli"].append(r)
        if not args.no_inprocess:
            corpus_only = size > args.corpus_only_above
            target = corpus / ("jsonl" if corpus_only or "txt" not in forms else "txt")
            print(f"[{time.strftime('%H:%M:%S')}] in-process timing on {target}"
                  f"{' (corpus pass only)' if corpus_only else ''}", flush=True)
            r = inprocess_run(target, corpus_only, work)
            if corpus_only:
                # Per-document pass at this size, estimated from the slowest single-process CLI
                # run of the same size (wall minus corpus pass), if there is one.
                single = [c for c in res["cli"] if c["size"] == size and c["processes"] == 1]
                if single:
                    r["per_document_pass_estimate_s"] = single[0]["wall_s"] - r["corpus_pass_s"]
            print(f"    corpus pass {r['corpus_pass_s']:.2f} s", flush=True)
            res["inprocess"].append(r)
        if size == sizes[0]:
            if args.profile_docs:
                print(f"[{time.strftime('%H:%M:%S')}] profile, {args.profile_docs} documents",
                      flush=True)
                res["profile"] = profile_run(corpus, args.profile_docs, work)
            if args.memory_docs:
                print(f"[{time.strftime('%H:%M:%S')}] memory trace, {args.memory_docs} documents",
                      flush=True)
                sub = work / "memory-subset"
                shutil.rmtree(sub, ignore_errors=True)
                sub.mkdir()
                for f in sorted((corpus / "txt").rglob("*.txt"))[: args.memory_docs]:
                    os.symlink(f, sub / f.name)
                res["memory"] = memprofile_run(sub, work)
            if not args.no_competitors:
                print(f"[{time.strftime('%H:%M:%S')}] other tools on {args.subset} files",
                      flush=True)
                res["competitors"] = competitors(corpus, args.subset, work)
        if json_path := args.json:
            Path(json_path).write_text(json.dumps(res, indent=1, default=list) + "\n")
    md = markdown(res)
    if args.markdown:
        Path(args.markdown).write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
