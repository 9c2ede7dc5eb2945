"""Output formats. Each is ``write(result, stream, options)``; plugins add more."""

from __future__ import annotations

from importlib import import_module

BUILTIN_FORMATS = {
    "rich": "hygiene.report.rich_report",
    "concise": "hygiene.report.concise",
    "json": "hygiene.report.json_report",
    "jsonl": "hygiene.report.json_report",
    "github": "hygiene.report.github",
    "sarif": "hygiene.report.sarif",
    "html": "hygiene.report.html_report",
}


def format_names(pm) -> list[str]:
    extra = [n for batch in pm.hook.hygiene_register_formats() for n in (batch or {})]
    return list(BUILTIN_FORMATS) + [n for n in extra if n not in BUILTIN_FORMATS]


def get_writer(name: str, pm):
    extra = {}
    for batch in pm.hook.hygiene_register_formats():
        extra.update(batch or {})
    if name in extra:
        return extra[name]
    mod = import_module(BUILTIN_FORMATS[name])
    return getattr(mod, "write_jsonl" if name == "jsonl" else "write")


def fix_hint(summary: dict, fixing: bool) -> str:
    safe, unsafe = summary["fixable"], summary["unsafe_fixable"]
    if fixing:
        return ""
    if safe and unsafe:
        return f"{safe} fixable with --fix ({unsafe} more with --unsafe-fixes)."
    if safe:
        return f"{safe} fixable with --fix."
    if unsafe:
        return f"No safe fixes; {unsafe} fixable with --unsafe-fixes."
    return ""
