"""The terminal report: findings with their line highlighted, then summary tables."""

from __future__ import annotations

from collections import Counter, defaultdict

from . import fix_hint
from .concise import location

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
FAMILY_STYLE = {
    "placeholder": "magenta", "boilerplate": "blue", "caption": "green", "translation": "red",
    "attribution": "cyan", "encoding": "yellow", "corpus": "bright_blue", "source": "white",
}


def write(result, stream, options) -> None:
    from rich.console import Console

    console = Console(file=stream, highlight=False, soft_wrap=False)
    by_doc = defaultdict(list)
    texts = {}
    for r in result.results:
        key = (r.document.path, (r.document.record or {}).get("line"))
        texts[key] = r.fixed_text if r.fixed_text is not None else r.document.text
        by_doc[key].extend(r.findings)
    for key, findings in by_doc.items():
        for f in findings:
            _finding(console, f, texts[key])
    _summary(console, result, options)


def _finding(console, f, text: str) -> None:
    from rich.text import Text

    head = Text()
    pos = f":{f.line}:{f.column}" if f.line is not None else ""
    head.append(f"{location(f)}{pos}", style="bold")
    head.append("  ")
    head.append(f.code, style=SEVERITY_STYLE[f.severity.value])
    head.append(f" {f.message}")
    head.append(f"  [{f.family}]", style=FAMILY_STYLE.get(f.family, "white"))
    console.print(head)
    if f.start is not None:
        _excerpt(console, f, text)
    if f.fix is not None:
        kind = "fix" if f.fix.is_safe else "unsafe fix"
        console.print(Text(f"    {kind}: {f.fix.message}", style="dim green"))
    console.print()


def _excerpt(console, f, text: str) -> None:
    from rich.text import Text

    line_start = text.rfind("\n", 0, f.start) + 1
    line_end = text.find("\n", f.start)
    line_end = len(text) if line_end == -1 else line_end
    shown = text[line_start:line_end].rstrip("\r")
    a, b = f.start - line_start, min(f.end, line_end) - line_start
    # Long paragraphs: show a window around the span.
    lo, hi = max(0, a - 60), min(len(shown), max(b, a + 1) + 60)
    body = Text(f"  {f.line:>4} │ ", style="dim")
    body.append("…" if lo else "")
    body.append(shown[lo:a])
    body.append(shown[a:b] or " ", style=f"reverse {FAMILY_STYLE.get(f.family, 'white')}")
    body.append(shown[b:hi])
    body.append("…" if hi < len(shown) else "")
    console.print(body, overflow="fold")


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
