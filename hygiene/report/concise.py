"""One line per finding, like ruff's concise output: ``path:line:col: CODE [*] message``."""

from __future__ import annotations

from . import fix_hint


def location(f) -> str:
    rec = f.record or {}
    where = f.path
    if rec.get("line"):
        where += f":{rec['line']}"
        if rec.get("id") is not None:
            where += f"[{rec['id']}]"
    return where


def marker(f) -> str:
    if f.fix is None:
        return ""
    return "[*] " if f.fix.is_safe else "[~] "


def write(result, stream, options) -> None:
    for f in result.findings:
        pos = f":{f.line}:{f.column}" if f.line is not None else ""
        stream.write(f"{location(f)}{pos}: {f.code} {marker(f)}{f.message}\n")
    s = result.summary()
    if options.get("fixing") and s["fixed"]:
        stream.write(f"Fixed {s['fixed']} finding(s).\n")
    n = s["findings"]
    if n:
        stream.write(f"Found {n} finding{'s' if n != 1 else ''}.\n")
        hint = fix_hint(s, options.get("fixing"))
        if hint:
            stream.write(hint + "\n")
    elif result.errors:
        stream.write(f"No findings, but {len(result.errors)} error(s): see above.\n")
    elif not options.get("quiet"):
        stream.write("All checks passed!\n")
