"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def write(result, stream, options) -> None:
    for f in result.findings:
        props = [f"file={_escape(f.path, True)}"]
        if f.line is not None:
            props += [f"line={f.line}", f"col={f.column}", f"endLine={f.end_line}",
                      f"endColumn={f.end_column}"]
        props.append(f"title={_escape(f'{f.code} {f.rule}', True)}")
        stream.write(f"::{_LEVEL[f.severity.value]} {','.join(props)}::{_escape(f.message)}\n")
