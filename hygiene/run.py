"""One run over files: read, lint or fix, write back, collect what the reports need."""

from __future__ import annotations

import difflib
import sys
from collections import Counter
from dataclasses import dataclass, field

from .engine import DocResult, Linter
from .io.files import FileChangedError, atomic_write, walk
from .io.readers import HTML_SUFFIXES
from .io.textfile import InputError, decode
from .model import Finding, Severity


@dataclass
class RunResult:
    results: list[DocResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    files: int = 0
    fixed_files: int = 0
    fixes_applied: int = 0
    stdin_output: str | None = None

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    def summary(self) -> dict:
        findings = self.findings
        fixable = sum(1 for f in findings if f.fix and f.fix.is_safe)
        unsafe = sum(1 for f in findings if f.fix and not f.fix.is_safe)
        return {
            "files": self.files,
            "documents": len(self.results),
            "findings": len(findings),
            "by_severity": dict(Counter(f.severity.value for f in findings)),
            "by_family": dict(Counter(f.family for f in findings).most_common()),
            "by_rule": dict(Counter(f.code for f in findings).most_common()),
            "fixable": fixable,
            "unsafe_fixable": unsafe,
            "fixed": self.fixes_applied,
            "errors": len(self.errors),
        }

    def exit_code(self, fail_on: Severity, exit_zero: bool) -> int:
        if self.errors:
            return 2
        if exit_zero:
            return 0
        return int(any(f.severity.rank >= fail_on.rank for f in self.findings))


def run(linter: Linter, paths: list[str], fix: bool = False, unsafe: bool = False,
        diff: bool = False, progress=None) -> RunResult:
    out = RunResult()
    settings = linter.settings
    targets = list(walk(paths, settings.include + settings.extend_include, settings.exclude))
    if progress:
        progress.start(len(targets))
    for path, err in targets:
        if err:
            out.errors.append(f"{path}: {err}")
        else:
            out.files += 1
            _one_file(linter, path, fix, unsafe, diff, out)
        if progress:
            progress.advance()
    if progress:
        progress.stop()
    for r in out.results:
        out.errors.extend(str(e) for e in r.errors)
    return out


def _one_file(linter, path, fix, unsafe, diff, out: RunResult) -> None:
    try:
        data = sys.stdin.buffer.read() if path == "-" else _read(path)
        docs = linter.pm.hook.hygiene_read_document(path=path, data=data, settings=linter.settings)
    except InputError as exc:
        out.errors.append(f"{path}: {exc}")
        return
    except OSError as exc:
        out.errors.append(f"{path}: cannot read: {exc.strerror or exc}")
        return
    rewrite = (fix or diff) and not path.lower().endswith(HTML_SUFFIXES)
    for doc in docs or []:
        res = linter.fix(doc, unsafe) if rewrite else linter.check(doc)
        out.results.append(res)
        out.fixes_applied += res.fixes_applied
        if res.fixed_text is None:
            if path == "-" and fix and not diff:
                out.stdin_output = doc.text
            continue
        if diff:
            out.diffs.append(_unified(path, doc.text, res.fixed_text))
        elif path == "-":
            out.stdin_output = res.fixed_text
        else:
            _write(path, data, res.fixed_text, out)


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _write(path: str, data: bytes, text: str, out: RunResult) -> None:
    _, enc = decode(data)
    try:
        atomic_write(path, enc.encode(text), expected=data)
        out.fixed_files += 1
    except FileChangedError as exc:
        out.errors.append(str(exc))
    except OSError as exc:
        out.errors.append(f"{path}: cannot write: {exc.strerror or exc}")


def _unified(path: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile=f"a/{path}", tofile=f"b/{path}",
    )
    return "".join(x if x.endswith("\n") else x + "\n\\ No newline at end of file\n" for x in lines)
