"""One run over files: read, lint or fix, write back, and collect what the reports need.

Files are processed one at a time, in a stable order; with ``jobs > 1`` they are spread over
worker processes that each build their own linter from the (picklable) settings once, and the
results come back in the same order as a one-process run. Documents are streamed: JSONL shards
line by line, and unless a report needs them (the HTML report), texts are dropped once checked.
"""

from __future__ import annotations

import difflib
import heapq
import os
import signal
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice

from .engine import DocResult, Linter
from .fingerprints import FingerprintStore
from .io import jsonl
from .io.files import FileChangedError, atomic_write, remove_stale, walk
from .io.readers import HTML_SUFFIXES
from .io.textfile import InputError, decode
from .kinds.base import PatternTimeout
from .model import Document, Finding, Severity
from .spool import Spool

# Below this many files (and PARALLEL_MIN_BYTES) a run stays in one process.
PARALLEL_MIN_FILES = 32


@dataclass
class RunResult:
    results: Spool = field(default_factory=Spool)  # DocResults in order, spilled to disk
    errors: list[str] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    files: int = 0
    fixed_files: int = 0
    fixes_applied: int = 0
    stdin_output: str | None = None
    corpus_findings: Spool = field(default_factory=Spool)  # sorted, spilled to disk

    @property
    def findings(self) -> Findings:
        return Findings(self)

    def summary(self) -> dict:
        n = fixable = unsafe = 0
        severity, family, rule = Counter(), Counter(), Counter()
        for f in self.findings:
            n += 1
            if f.fix:
                fixable += f.fix.is_safe
                unsafe += not f.fix.is_safe
            severity[f.severity.value] += 1
            family[f.family] += 1
            rule[f.code] += 1
        scores = [r.score for r in self.results if r.score is not None]
        return {
            "files": self.files,
            "documents": len(self.results),
            "findings": n,
            "by_severity": dict(severity),
            "by_family": dict(family.most_common()),
            "by_rule": dict(rule.most_common()),
            "fixable": fixable,
            "unsafe_fixable": unsafe,
            "fixed": self.fixes_applied,
            "errors": len(self.errors),
            "mean_quality": round(sum(scores) / len(scores), 1) if scores else None,
        }

    def exit_code(self, fail_on: Severity, exit_zero: bool) -> int:
        if self.errors:
            return 2
        if exit_zero:
            return 0
        return int(any(f.severity.rank >= fail_on.rank for f in self.findings))


class Findings:
    """Every finding of a run, document findings first, streamed from the results each time
    it is iterated (so a report never holds them all)."""

    def __init__(self, run: RunResult):
        self.run = run

    def __iter__(self):
        for r in self.run.results:
            yield from r.findings
        yield from self.run.corpus_findings

    def __len__(self) -> int:
        return sum(len(r.findings) for r in self.run.results) + len(self.run.corpus_findings)

    def __bool__(self) -> bool:
        return any(r.findings for r in self.run.results) or bool(self.run.corpus_findings)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(islice(self, index.start, index.stop, index.step))
        return list(self)[index]


@dataclass
class Mode:
    fix: bool = False
    unsafe: bool = False
    diff: bool = False
    keep_text: bool = True


@dataclass
class FileOutcome:
    path: str
    results: list[DocResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    fixed: bool = False
    fixes_applied: int = 0
    stdin_output: str | None = None
    fingerprints: list = field(default_factory=list)  # (path, record, {code: fingerprint})
    lines: list = field(default_factory=list)  # JSONL: (index in unit, new raw line)


def run(linter: Linter, paths: list[str], fix: bool = False, unsafe: bool = False,
        diff: bool = False, progress=None, jobs: int = 1, keep_text: bool = True) -> RunResult:
    out = RunResult()
    settings = linter.settings
    mode = Mode(fix=fix, unsafe=unsafe, diff=diff, keep_text=keep_text)
    temps = [] if fix and not diff else None
    targets = list(walk(paths, settings.include + settings.extend_include, settings.exclude,
                        temps))
    remove_stale(temps or [])  # left by a killed run; a live run holds a lock on its own
    files = [p for p, err in targets if not err]
    out.errors.extend(f"{p}: {err}" for p, err in targets if err)
    if progress:
        progress.start(len(files))
    fingerprints = FingerprintStore()
    shards: dict[str, _Shard] = {}
    try:
        for unit, outcome in _outcomes(linter, files, mode, jobs, shards):
            if unit.kind == "records":
                _shard_progress(shards[unit.path], unit, outcome)
                if not unit.last:
                    _collect(out, outcome, fingerprints)
                    continue
            out.files += 1
            _collect(out, outcome, fingerprints)
            if progress:
                progress.advance()
    finally:
        for shard in shards.values():  # also on an interrupt: no temporary copy left behind
            if shard.writer:
                shard.writer.discard()
    if progress:
        progress.stop()
    out.corpus_findings = corpus_pass(linter, fingerprints, out)
    if mode.fix and not mode.diff:
        _apply_corpus_fixes(out, mode, settings)
    return out


def _collect(out: RunResult, outcome: FileOutcome, fingerprints: FingerprintStore) -> None:
    for r in outcome.results:
        out.results.append(r)
        out.errors.extend(map(_error_line, r.errors))
    out.errors.extend(outcome.errors)
    out.diffs.extend(outcome.diffs)
    out.fixed_files += outcome.fixed
    out.fixes_applied += outcome.fixes_applied
    if outcome.stdin_output is not None:
        out.stdin_output = outcome.stdin_output
    fingerprints.extend(outcome.fingerprints)


def _apply_corpus_fixes(out: RunResult, mode: Mode, settings) -> None:
    """Second pass for corpus findings with fixes: text files and JSONL records (HTML is
    never rewritten)."""
    by_path: dict[str, list[Finding]] = {}
    for f in out.corpus_findings:
        if f.fix and (mode.unsafe or f.fix.is_safe) and f.path != "-" \
                and not f.path.lower().endswith(HTML_SUFFIXES):
            by_path.setdefault(f.path, []).append(f)
    done = set()
    for path, findings in by_path.items():
        if jsonl.is_jsonl(path):
            fixed = _fix_shard_records(path, findings, mode, settings, out)
        elif all(f.record is None for f in findings):
            fixed = _fix_text_file(path, findings, mode, out)
        else:
            continue
        done.update(_key(f) for f in findings if id(f) in fixed)
    if done:  # (the findings read back from disk are copies: matched by key, not identity)
        out.corpus_findings.keep(lambda f: _key(f) not in done)


def _key(f: Finding) -> tuple:
    return (*f.sort_key(), f.end, f.message)


def _fix_text_file(path: str, findings: list[Finding], mode: Mode, out: RunResult) -> set[int]:
    from .fixes import apply_edits, select_fixes

    chosen = select_fixes(findings, mode.unsafe)
    try:
        data = _read(path)
        text, _ = decode(data)
    except (OSError, InputError) as exc:
        out.errors.append(f"{path}: cannot apply corpus fixes: {exc}")
        return set()
    new = apply_edits(text, [e for f in chosen for e in f.fix.edits])
    holder = FileOutcome(path)
    _write(path, data, new, holder)
    out.errors.extend(holder.errors)
    if not holder.fixed:
        return set()
    out.fixes_applied += len(chosen)
    return {id(f) for f in chosen}


def _fix_shard_records(path: str, findings: list[Finding], mode: Mode, settings,
                       out: RunResult) -> set[int]:
    """Rewrite the shard once more, applying corpus fixes to the records they name; every
    other line is copied byte for byte."""
    from .fixes import apply_edits, select_fixes

    by_line: dict[int, list[Finding]] = {}
    for f in findings:
        if f.record and f.record.get("line"):
            by_line.setdefault(f.record["line"], []).append(f)
    done: set[int] = set()
    applied = 0
    writer = None
    try:
        writer = jsonl.ShardWriter(path)
        for n, raw in enumerate(jsonl.read_lines(path), 1):
            fs = by_line.get(n)
            if fs:
                raw, chosen = _fix_record(raw, fs, mode, settings, select_fixes, apply_edits)
                done.update(id(f) for f in chosen)
                applied += len(chosen)
            writer.write(raw)
        if done and writer.commit():
            out.fixed_files += 1
            out.fixes_applied += applied
            return done
    except (jsonl.RecordError, jsonl.ChangedOnDisk) as exc:
        out.errors.append(f"{path}: cannot apply corpus fixes: {exc}")
    except OSError as exc:
        out.errors.append(f"{path}: cannot apply corpus fixes: {exc.strerror or exc}")
    finally:
        if writer:
            writer.discard()
    return set()


def _fix_record(raw: bytes, findings, mode: Mode, settings, select_fixes, apply_edits):
    try:
        obj, text, _ = jsonl.parse(raw, settings.text_field, settings.id_field)
    except jsonl.RecordError:
        return raw, []
    chosen = select_fixes(findings, mode.unsafe)
    edits = [e for f in chosen for e in f.fix.edits]
    if not chosen or any(e.end > len(text) for e in edits):  # the record changed meanwhile
        return raw, []
    obj[settings.text_field] = apply_edits(text, edits)
    return jsonl.dump(obj, raw), chosen


@dataclass
class Unit:
    """What one worker call handles: a file, or a run of consecutive records of a shard (so
    that one big shard is spread over every worker, and never read into memory whole)."""

    kind: str  # "file" or "records"
    path: str
    first: int = 1  # line number of lines[0]
    lines: list = field(default_factory=list)
    last: bool = True
    error: str | None = None  # the shard could not be read on from here


@dataclass
class _Shard:
    writer: jsonl.ShardWriter | None = None
    changed: bool = False
    failed: bool = False


# Records per unit: enough to amortise a worker round trip, few enough to keep workers even.
RECORDS_PER_UNIT = 200
# Below this many files and bytes a run stays in one process: workers cost more than they save.
PARALLEL_MIN_BYTES = 4 << 20


def _units(files, mode: Mode, shards: dict):
    for path in files:
        if path == "-" or not jsonl.is_jsonl(path):
            yield Unit("file", path)
            continue
        shard = shards[path] = _Shard()
        if mode.fix and not mode.diff:
            try:
                shard.writer = jsonl.ShardWriter(path)
            except OSError as exc:
                yield Unit("records", path, error=f"{path}: cannot write: "
                           f"{exc.strerror or exc}")
                continue
        yield from _record_units(path)


def _record_units(path: str):
    batch, first, n = [], 1, 0
    try:
        for n, raw in enumerate(jsonl.read_lines(path), 1):
            batch.append(raw)
            if len(batch) >= RECORDS_PER_UNIT:
                yield Unit("records", path, first, batch, last=False)
                batch, first = [], n + 1
    except jsonl.RecordError as exc:
        yield Unit("records", path, first, batch, error=f"{path}: {exc}")
        return
    yield Unit("records", path, first, batch)


def _shard_progress(shard: _Shard, unit: Unit, outcome: FileOutcome) -> None:
    """Write a unit's records (fixed where a fix changed them) to the shard's new copy; after
    the last one, swap the copy in, or drop it when the shard could not be read to its end."""
    replaced = dict(outcome.lines)
    shard.changed |= bool(replaced)
    if unit.error:
        shard.failed = True
        outcome.errors.append(unit.error)
    w = shard.writer
    try:
        if w and not shard.failed:
            for k, raw in enumerate(unit.lines):
                w.write(replaced.get(k, raw))
        if unit.last and w:
            if shard.changed and not shard.failed:
                outcome.fixed = w.commit()
            w.discard()
            shard.writer = None
    except jsonl.ChangedOnDisk as exc:
        outcome.errors.append(str(exc))
    except OSError as exc:
        outcome.errors.append(f"{unit.path}: cannot write: {exc.strerror or exc}")
        shard.failed = True
    if shard.failed and w:
        w.discard()
        shard.writer = None


def _outcomes(linter, files, mode, jobs, shards):
    """(unit, outcome) pairs in input order, from this process or from ``jobs`` workers."""
    units = _units(files, mode, shards)
    if jobs <= 1 or "-" in files or not _worth_parallel(files):
        for unit in units:
            yield unit, process_unit(linter, unit, mode)
        return
    import multiprocessing as mp
    from collections import deque

    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(linter.settings, mode)) as pool:
        # A bounded window instead of Pool.imap, whose feeder thread would read the whole
        # corpus into the task queue ahead of the workers.
        pending: deque = deque()
        for unit in units:
            pending.append((unit, pool.apply_async(_work, (unit,))))
            if len(pending) >= jobs * 4:
                done, res = pending.popleft()
                yield done, res.get()
        while pending:
            done, res = pending.popleft()
            yield done, res.get()


def _worth_parallel(files) -> bool:
    if len(files) >= PARALLEL_MIN_FILES:
        return True
    total = 0
    for path in files:
        try:
            total += os.stat(path).st_size
        except OSError:
            continue
        if total >= PARALLEL_MIN_BYTES:
            return True
    return False


_WORKER: tuple[Linter, Mode] | None = None


def _init_worker(settings, mode) -> None:
    global _WORKER
    _WORKER = (Linter(settings), mode)


def _work(unit: Unit) -> FileOutcome:
    linter, mode = _WORKER
    return process_unit(linter, unit, mode)


def process_unit(linter: Linter, unit: Unit, mode: Mode) -> FileOutcome:
    if unit.kind == "file":
        return process_file(linter, unit.path, mode)
    out = FileOutcome(unit.path)
    for k, raw in enumerate(unit.lines):
        new = _record(linter, unit.path, unit.first + k, raw, mode, out)
        if new is not raw:
            out.lines.append((k, new))
    return out


def corpus_pass(linter: Linter, fingerprints: FingerprintStore, out: RunResult) -> Spool:
    """Corpus rules over the per-document fingerprints, after every document was checked."""
    import gc

    # Hundreds of thousands of findings and fingerprints, none of them in a cycle: the cyclic
    # collector's full passes over them cost more than half of the pass.
    if len(fingerprints) > RELEASE_MODELS_AFTER and linter.corpus_rules:
        _release_models()
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _corpus_pass(linter, fingerprints, out)
    finally:
        if enabled:
            gc.enable()


# Past this many documents the models of the per-document pass are dropped before the corpus
# pass: at 100 000 documents the pass's arrays would otherwise sit on top of them.
RELEASE_MODELS_AFTER = 20_000


def _release_models() -> None:
    from . import wordlist
    from .language import release_model

    release_model()
    wordlist.release()


def _corpus_pass(linter: Linter, fingerprints: FingerprintStore, out: RunResult) -> Spool:
    per_rule = []
    for rule in linter.corpus_rules:
        items = fingerprints.items(rule.meta.code)
        try:
            per_rule.append(_sorted_spool(rule.check_corpus(items)))
        except Exception as exc:  # a broken corpus rule must not end the run
            out.errors.append(f"<corpus>: internal error in rule {rule.meta.code}: "
                              f"{type(exc).__name__}: {exc}")
    merged = Spool()
    merged.extend(heapq.merge(*per_rule, key=Finding.sort_key))
    for s in per_rule:
        s.close()
    return merged


def _sorted_spool(findings) -> Spool:
    """A rule's findings in report order. The rules yield in document order, which streams
    straight to disk (600 000 repeated-line findings at 100 000 documents); any other order
    is sorted in memory."""
    out, held, last = Spool(), None, None
    for f in findings:
        if held is None:
            key = f.sort_key()
            if last is not None and key < last:
                held = list(out)
                out.close()
            else:
                out.append(f)
                last = key
                continue
        held.append(f)
    if held is None:
        return out
    held.sort(key=Finding.sort_key)
    out = Spool()
    out.extend(held)
    return out


# -- one file -----------------------------------------------------------------------------


def process_file(linter: Linter, path: str, mode: Mode) -> FileOutcome:
    if path != "-" and jsonl.is_jsonl(path):
        return _process_jsonl(linter, path, mode)
    out = FileOutcome(path)
    settings = linter.settings
    try:
        data = _read(path, settings.max_size)
        with _deadline(settings.timeout):
            docs = linter.pm.hook.hygiene_read_document(path=path, data=data, settings=settings)
    except InputError as exc:
        out.errors.append(f"{path}: {exc}")
        return out
    except OSError as exc:
        out.errors.append(f"{path}: cannot read: {_reason(path, exc)}")
        return out
    except DocumentTimeout:
        out.errors.append(f"{path}: {_timed_out(settings)}")
        return out
    rewrite = (mode.fix or mode.diff) and not path.lower().endswith(HTML_SUFFIXES)
    for doc in docs or []:
        res = _check(linter, doc, rewrite, mode, out)
        if res is None:
            continue
        if res.fixed_text is None:
            if path == "-" and mode.fix and not mode.diff:
                out.stdin_output = doc.text
        elif mode.diff:
            out.diffs.append(_unified(path, doc.text, res.fixed_text))
        elif path == "-":
            out.stdin_output = res.fixed_text
        else:
            _write(path, data, res.fixed_text, out)
        _finish(res, mode)
    return out


def _check(linter, doc: Document, rewrite: bool, mode: Mode,
           out: FileOutcome) -> DocResult | None:
    """Check (or fix) one document within the time limit; None when it ran out of time, and
    then nothing of it is kept, so a timed-out fix writes nothing."""
    errors = []
    try:
        with _deadline(linter.settings.timeout):
            res = linter.fix(doc, mode.unsafe) if rewrite else linter.check(doc)
            fps = {}
            for rule in linter.corpus_rules:
                try:
                    fps[rule.meta.code] = rule.fingerprint(res.document)
                except Exception as exc:
                    errors.append(f"{doc.path}: internal error in rule {rule.meta.code}: "
                                  f"{type(exc).__name__}: {exc}")
    except DocumentTimeout:
        where = f"{doc.path}:{doc.record['line']}" if doc.record else doc.path
        out.errors.append(f"{where}: {_timed_out(linter.settings)}")
        return None
    out.results.append(res)
    out.fixes_applied += res.fixes_applied
    out.errors.extend(errors)
    if fps:
        out.fingerprints.append((doc.path, doc.record, fps))
    return res


class DocumentTimeout(BaseException):
    """Raised by the --timeout alarm; a BaseException so that no ``except Exception`` around a
    rule or a hook can swallow it."""


@contextmanager
def _deadline(seconds: float):
    """Raise DocumentTimeout in this block after ``seconds`` (0: no limit).

    SIGALRM rather than a thread: a signal interrupts the pure-Python rules and the regex
    module's matching alike. Each worker process has its own timer; outside the main thread
    (hygiene used as a library) there is no limit. An outer timer is restored afterwards.
    """
    if not seconds or not hasattr(signal, "setitimer") \
            or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            left = outer - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


def _timed_out(settings) -> str:
    return f"not done within --timeout {settings.timeout:g} s; skipped, nothing written"


def _finish(res: DocResult, mode: Mode) -> None:
    """Drop the texts once a document is done, unless the report shows them."""
    res.chars = len(res.document.text)
    if not mode.keep_text:
        d = res.document
        res.document = Document(d.path, "", d.language, d.record, d.source)
        res.fixed_text = None if res.fixed_text is None else ""
        res.passes = []


def _process_jsonl(linter, path: str, mode: Mode) -> FileOutcome:
    """A whole shard in this process (library use; runs go through units)."""
    out = FileOutcome(path)
    shards: dict[str, _Shard] = {}
    try:
        for unit in _units([path], mode, shards):
            got = process_unit(linter, unit, mode)
            _shard_progress(shards[path], unit, got)
            for name in ("results", "errors", "diffs", "fingerprints"):
                getattr(out, name).extend(getattr(got, name))
            out.fixes_applied += got.fixes_applied
            out.fixed |= got.fixed
    finally:
        for shard in shards.values():
            if shard.writer:
                shard.writer.discard()
    return out


def _record(linter, path: str, n: int, raw: bytes, mode: Mode, out: FileOutcome) -> bytes:
    """One shard line as it is to be written: the same object when the record is kept."""
    settings = linter.settings
    if not raw.strip():
        return raw
    if settings.max_size and len(raw) > settings.max_size:
        out.errors.append(f"{path}:{n}: record {_too_big(settings.max_size)}; kept as it is")
        return raw
    try:
        obj, text, rid = jsonl.parse(raw, settings.text_field, settings.id_field)
    except jsonl.RecordError as exc:
        out.errors.append(f"{path}:{n}: {exc}; record kept as it is")
        return raw
    doc = Document(path, text, record={"line": n, "id": rid}, source="jsonl")
    res = _check(linter, doc, mode.fix or mode.diff, mode, out)
    if res is None:
        return raw
    if res.fixed_text is not None:
        if mode.diff:
            out.diffs.append(_unified(f"{path}:{n}", text, res.fixed_text))
        else:
            obj[settings.text_field] = res.fixed_text
            raw = jsonl.dump(obj, raw)
    _finish(res, mode)
    return raw


def _read(path: str, limit: int = 0) -> bytes:
    """The file's (or stdin's) bytes; InputError when there are more than ``limit`` (0: any)."""
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1 if limit else -1)
    else:
        with open(path, "rb") as fh:
            if limit and os.fstat(fh.fileno()).st_size > limit:  # refuse before reading it
                raise InputError(f"{_too_big(limit)}; skipped")
            data = fh.read(limit + 1 if limit else -1)
    if limit and len(data) > limit:
        raise InputError(f"{_too_big(limit)}; skipped")
    return data


def _too_big(limit: int) -> str:
    unit, size = next((u, s) for u, s in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10),
                                          ("bytes", 1)) if limit >= s)
    return f"larger than --max-size ({round(limit / size, 1):g} {unit})"


def _reason(path: str, exc: OSError) -> str:
    if os.path.islink(path) and not os.path.exists(path):
        return "broken symbolic link (or a loop)"
    return exc.strerror or str(exc)


def _error_line(e) -> str:
    """A document's internal error as one line; a pack pattern that ran out of time is the
    pack's doing, not hygiene's, and says so."""
    if e.message.startswith(f"{PatternTimeout.__name__}:"):
        return f"{e.path}: rule {e.rule}: {PatternTimeout()}"
    return str(e)


def _write(path: str, data: bytes, text: str, out: FileOutcome) -> None:
    try:
        _, enc = decode(data)
        out.fixed = atomic_write(path, enc.encode(text), expected=data)
    except FileChangedError as exc:
        out.errors.append(str(exc))
    except InputError as exc:  # the fixed text has a character the file's encoding lacks
        out.errors.append(f"{path}: {exc}")
    except OSError as exc:
        out.errors.append(f"{path}: cannot write: {exc.strerror or exc}")


def _unified(path: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile=f"a/{path}", tofile=f"b/{path}",
    )
    return "".join(x if x.endswith("\n") else x + "\n\\ No newline at end of file\n" for x in lines)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else (os.cpu_count() or 1))
