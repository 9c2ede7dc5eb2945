"""The terminal report: findings with their line highlighted, then summary tables."""

from __future__ import annotations

from collections import Counter

from . import fix_hint
from .concise import location

MAX_LISTED = 500
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
FAMILY_STYLE = {
    "placeholder": "magenta", "boilerplate": "blue", "caption": "green", "translation": "red",
    "attribution": "cyan", "encoding": "yellow", "corpus": "bright_blue", "source": "white",
}


def write(result, stream, options) -> None:
    from rich.console import Console

    console = Console(file=stream, highlight=False, soft_wrap=False)
    findings = result.findings
    if len(findings) > options.get("max_listed", MAX_LISTED):
        console.print(f"[dim]{len(findings)} findings: listing the first {MAX_LISTED} (use "
                      "--format concise or json for all of them)[/]")
        findings = findings[:MAX_LISTED]
    for f in findings:
        _finding(console, f)
    _summary(console, result, options)


def _finding(console, f) -> None:
    from rich.text import Text

    head = Text()
    pos = f":{f.line}:{f.column}" if f.line is not None else ""
    head.append(f"{location(f)}{pos}", style="bold")
    head.append("  ")
    head.append(f.code, style=SEVERITY_STYLE[f.severity.value])
    head.append(f" {f.message}")
    head.append(f"  [{f.family}]", style=FAMILY_STYLE.get(f.family, "white"))
    console.print(head)
    if f.start is not None and f.context is not None:
        _excerpt(console, f)
    if f.fix is not None:
        kind = "fix" if f.fix.is_safe else "unsafe fix"
        console.print(Text(f"    {kind}: {f.fix.message}", style="dim green"))
    console.print()


def _excerpt(console, f) -> None:
    from rich.text import Text

    shown = f.context
    a = f.column - 1
    b = min(len(shown), a + (f.end - f.start))
    # Long paragraphs: show a window around the span.
    lo, hi = max(0, a - 60), min(len(shown), max(b, a + 1) + 60)
    body = Text(f"  {f.line:>4} │ ", style="dim")
    body.append("…" if lo else "")
    body.append(shown[lo:a])
    body.append(shown[a:b] or " ", style=f"reverse {FAMILY_STYLE.get(f.family, 'white')}")
    body.append(shown[b:hi])
    body.append("…" if hi < len(shown) else "")
    console.print(body, overflow="fold")


# Runs over this many documents get the charts (score histogram, worst documents, …).
CHART_MIN_DOCUMENTS = 20


def _summary(console, result, options) -> None:
    from rich.table import Table

    s = result.summary()
    findings = result.findings
    if findings:
        meta = {}
        for f in findings:
            meta.setdefault(f.code, f)
        safe = Counter(f.code for f in findings if f.fix and f.fix.is_safe)
        unsafe = Counter(f.code for f in findings if f.fix and not f.fix.is_safe)
        t = Table(title="Findings by rule", title_justify="left")
        for col in ("code", "rule", "family", "severity", "count", "fixable"):
            t.add_column(col, justify="right" if col in ("count", "fixable") else "left")
        for code, n in Counter(f.code for f in findings).most_common():
            f = meta[code]
            fx = f"{safe[code]}" + (f" (+{unsafe[code]} unsafe)" if unsafe[code] else "")
            t.add_row(code, f.rule, f.family, f.severity.value, str(n), fx)
        console.print(t)
    if len(result.results) >= CHART_MIN_DOCUMENTS or options.get("charts"):
        from .charts import print_charts

        print_charts(console, result, FAMILY_STYLE)
    elif findings:
        ft = Table(title="Findings by family", title_justify="left")
        ft.add_column("family")
        ft.add_column("count", justify="right")
        for fam, n in s["by_family"].items():
            ft.add_row(f"[{FAMILY_STYLE.get(fam, 'white')}]{fam}[/]", str(n))
        console.print(ft)
    docs = s["documents"]
    if options.get("fixing") and s["fixed"]:
        console.print(f"Fixed {s['fixed']} finding(s).")
    if findings:
        console.print(f"[bold]Found {len(findings)} finding(s)[/] in {docs} document(s).")
        hint = fix_hint(s, options.get("fixing"))
        if hint:
            console.print(f"[green]{hint}[/]")
    elif result.errors:
        console.print(f"[red]No findings, but {len(result.errors)} error(s).[/]")
    else:
        console.print(f"[green]All checks passed![/] ({docs} document(s))")
