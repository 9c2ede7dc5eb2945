"""``hygiene rules`` and ``hygiene rule CODE``: rule listings and documentation."""

from __future__ import annotations

import json
import sys

SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety",
            "Languages")


def rule_doc(rule) -> dict[str, str]:
    """The documentation sections of a rule, filled from its docs and its examples."""
    m = rule.meta
    d = m.docs
    examples = [e for e in m.examples if e.get("flag")]
    shown, langs = [], set()
    for e in examples:  # one example per language, two at most
        if e.get("lang") not in langs:
            shown.append(e)
            langs.add(e.get("lang"))
        if len(shown) == 2:
            break
    example = d.example or "\n\n".join(_labelled(e, e["text"]) for e in shown)
    after = d.use_instead or "\n\n".join(
        _labelled(e, e["fixed"]) for e in shown if e.get("fixed") is not None
    )
    return {
        "What it does": d.what,
        "Why is this bad?": d.why,
        "Example": example,
        "Use instead": after or "(the flagged text, reviewed by hand)",
        "Fix safety": d.fix_safety,
        "Languages": ", ".join(m.languages) if m.languages != ("*",) else "all (language-independent)",
    }


def _labelled(e, text: str) -> str:
    return f"[{e['lang']}] {text}" if e.get("lang") else text


def print_rules(linter, fmt: str) -> int:
    rules = sorted(linter.all_rules, key=lambda r: r.meta.code)
    if fmt == "json":
        json.dump([_meta_dict(r) for r in rules], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"{len(rules)} rules")
    for col in ("code", "name", "family", "severity", "fixable", "languages"):
        t.add_column(col)
    for r in rules:
        m = r.meta
        langs = "all" if m.languages == ("*",) else " ".join(m.languages)
        t.add_row(m.code, m.name, m.family, m.severity.value, m.fixable, langs)
    Console().print(t)
    return 0


def _meta_dict(rule) -> dict:
    m = rule.meta
    return {
        "code": m.code, "name": m.name, "family": m.family, "severity": m.severity.value,
        "fixable": m.fixable, "languages": list(m.languages), "origin": m.origin,
    }


def print_rule(linter, code: str) -> int:
    match = [r for r in linter.all_rules if code in (r.meta.code, r.meta.name)]
    if not match:
        print(f"hygiene: error: unknown rule {code!r} (see 'hygiene rules')", file=sys.stderr)
        return 2
    r = match[0]
    m = r.meta
    out = [f"# {m.name} ({m.code})", "",
           f"Family: {m.family} · severity: {m.severity.value} · fix: {m.fixable}", ""]
    for title, body in rule_doc(r).items():
        out += [f"## {title}", body, ""]
    sys.stdout.write("\n".join(out))
    return 0
