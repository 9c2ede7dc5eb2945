"""Terminal charts for the rich summary: bars per family, rule and language, a score histogram
and the worst documents (as terminal hyperlinks where the terminal supports them)."""

from __future__ import annotations

import os
from collections import Counter

BAR = "█"


def bar_table(title: str, counts: list[tuple[str, int]], styles: dict | None = None,
              width: int = 40):
    from rich.table import Table
    from rich.text import Text

    t = Table(title=title, title_justify="left", show_header=False, box=None, pad_edge=False)
    t.add_column(justify="right")
    t.add_column()
    t.add_column(justify="right")
    top = max((n for _, n in counts), default=0) or 1
    for label, n in counts:
        style = (styles or {}).get(label, "cyan")
        bar = BAR * max(1, round(width * n / top)) if n else ""
        t.add_row(Text(label, style=style), Text(bar, style=style), str(n))
    return t


def score_histogram(scores: list[float], width: int = 40):
    bins = Counter(min(int(s // 10), 9) for s in scores)
    counts = [(f"{b * 10:>3}–{b * 10 + 9 if b < 9 else 100}", bins.get(b, 0)) for b in range(10)]
    styles = {label: ("red" if i < 4 else "yellow" if i < 7 else "green")
              for i, (label, _) in enumerate(counts)}
    return bar_table(f"Source-quality scores ({len(scores)} documents)", counts, styles, width)


def worst_documents(results, n: int = 10):
    from rich.table import Table
    from rich.text import Text

    scored = sorted((r for r in results if r.score is not None), key=lambda r: r.score)[:n]
    t = Table(title="Lowest-scoring documents", title_justify="left")
    t.add_column("score", justify="right")
    t.add_column("document")
    t.add_column("findings", justify="right")
    for r in scored:
        d = r.document
        label = d.path + (f":{d.record['line']}" if d.record else "")
        link = f"file://{os.path.abspath(d.path)}" if d.path not in ("-", "<text>") else None
        t.add_row(f"{r.score:g}", Text(label, style=f"link {link}" if link else ""),
                  str(len(r.findings)))
    return t


def print_charts(console, result, family_styles: dict) -> None:
    findings = result.findings
    fam = Counter(f.family for f in findings).most_common()
    console.print(bar_table("Findings by family", fam, family_styles))
    rules = Counter(f"{f.code} {f.rule}" for f in findings).most_common(15)
    console.print(bar_table("Findings by rule (top 15)", rules))
    langs = Counter((r.document.language or "?") for r in result.results for _ in r.findings)
    if langs:
        console.print(bar_table("Findings by language", langs.most_common()))
    scores = [r.score for r in result.results if r.score is not None]
    if scores:
        console.print(score_histogram(scores))
        console.print(worst_documents(result.results))
