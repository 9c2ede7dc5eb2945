"""Which rules run and at what severity: --select/--ignore/--extend-select and overrides."""

from __future__ import annotations

import fnmatch

from .model import FAMILIES, RuleMeta, Severity


class SelectionError(Exception):
    pass


def specificity(selector: str, meta: RuleMeta) -> int:
    """How precisely ``selector`` names the rule: 0 = not at all."""
    s = selector.strip()
    if s == "ALL":
        return 1
    if s == meta.family:
        return 2
    if s == meta.code or s == meta.name:
        return 100
    if meta.code.startswith(s):
        return 2 + len(s)
    return 0


def validate(selectors, metas: list[RuleMeta], what: str, settings=None) -> None:
    for sel in selectors:
        if sel == "ALL" or sel in FAMILIES:
            continue
        if not any(specificity(sel, m) for m in metas):
            where = what
            if settings is not None and settings.config_path and sel in settings.config_selectors:
                where = f"{settings.config_path}: {what.lstrip('-')}"
            raise SelectionError(f"{where}: unknown rule code, prefix or family {sel!r}")


def is_enabled(meta: RuleMeta, select, ignore, extend_select) -> bool:
    chosen = max((specificity(s, meta) for s in (select or ("ALL",))), default=0)
    chosen = max([chosen] + [specificity(s, meta) for s in extend_select])
    if not chosen:
        return False
    dropped = max((specificity(s, meta) for s in ignore), default=0)
    return dropped == 0 or chosen > dropped


def severity_for(meta: RuleMeta, overrides: list[tuple[str, Severity]]) -> Severity:
    best, level = 0, meta.severity
    for sel, sev in overrides:
        sp = specificity(sel, meta)
        if sp > best:
            best, level = sp, sev
    return level


def ignored_for_path(path: str, per_file_ignores, config_path: str | None = None) -> tuple:
    """Codes ignored for ``path``; globs are relative to the config file's folder."""
    import os

    candidates = [path]
    if config_path and path not in ("-", "<text>"):
        rel = os.path.relpath(os.path.abspath(path), os.path.dirname(os.path.abspath(config_path)))
        candidates.append(rel.replace(os.sep, "/"))
    out: list[str] = []
    for pattern, codes in per_file_ignores:
        if any(fnmatch.fnmatch(c, pattern) or fnmatch.fnmatch(c, f"*/{pattern}")
               for c in candidates):
            out.extend(codes)
    return tuple(out)
