"""A self-contained HTML report: overview charts, a sortable table of documents, highlighted text.

One file, no network: CSS, JavaScript and SVG are inline. The per-document data (text, findings,
fixes) is embedded once as JSON in a ``<script type="application/json">`` block; the page builds
the table one page at a time and a document's highlighted text only when it is opened, so a report
on 10 000 documents stays quick to open.

Offsets in the embedded JSON are UTF-16 code units (what JavaScript strings index), converted from
the code-point offsets findings carry. Everything else is documented where the data is built
(:func:`build_data`).
"""

from __future__ import annotations

import bisect
import html
import json
import math
import re
from collections import Counter
from datetime import datetime

from .. import __version__
from ..model import FAMILIES, Document

FAMILY_COLORS = {
    "placeholder": "#c026d3",
    "boilerplate": "#2563eb",
    "caption": "#16a34a",
    "translation": "#dc2626",
    "attribution": "#0891b2",
    "encoding": "#d97706",
    "corpus": "#7c3aed",
    "source": "#64748b",
}

FAMILY_DESCRIPTIONS = {
    "placeholder": "failed template variables, ad slots, ad labels",
    "boilerplate": "comment forms, share widgets, cookie banners, author boxes, read-more lines",
    "caption": "stray media titles, bylines, counters, photo credits",
    "translation": "names translated literally by machine translation, glued link tokens",
    "attribution": "hedges, weasel attributions, stripped sources (flags only)",
    "encoding": "mojibake, HTML entities, control and invisible characters",
    "corpus": "problems across documents: duplicates, near-duplicates",
    "source": "document-level judgements about the source, quality scores",
}

SEVERITIES = ("info", "warning", "error")
SEVERITY_COLORS = {"error": "#cf222e", "warning": "#bf8700", "info": "#0969da"}

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


# -- data ---------------------------------------------------------------------------------------


def _utf16(text: str):
    """A function mapping code-point offsets in ``text`` to UTF-16 offsets (None: identity)."""
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    if not astral:
        return None
    return lambda i: i + bisect.bisect_left(astral, i)


def _family_class(name: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "-", name.lower()) or "unknown"


def _family_color(name: str) -> str:
    if name in FAMILY_COLORS:
        return FAMILY_COLORS[name]
    h = 0
    for ch in name:
        h = (h * 31 + ord(ch)) % 360
    return f"hsl({h} 55% 45%)"


def _score(r, findings) -> float | None:
    """The document's quality score: ``DocResult.score`` when the engine sets one, else the
    ``extra["score"]`` of a document-level ``source`` finding, else None."""
    value = getattr(r, "score", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return int(value) if float(value).is_integer() else value
    for f in findings:
        if f.family == "source" and f.start is None and "score" in (f.extra or {}):
            try:
                value = float(f.extra["score"])
            except (TypeError, ValueError):
                continue
            if math.isfinite(value):
                return int(value) if value.is_integer() else value
    return None


def _doc_label(doc) -> str:
    from .concise import location  # a document has the path and record a finding has

    return location(doc)


def _record_line(f_or_doc):
    return (f_or_doc.record or {}).get("line")


def build_data(result) -> dict:
    """The JSON the page runs on.

    ``families``/``family_classes``/``colors``: the families, in a fixed order, their CSS class
    suffix and colour. ``rules``: ``[code, name, family index]``. ``severities``: names by index.
    ``strings``: interned messages. ``docs``: one object per document, ``p`` path (with the JSONL
    record), ``l`` language (``und`` when unknown), ``s`` quality score or null, ``t`` text,
    ``f`` findings as ``[rule, start, end, severity, message, line, column, end_line, end_column,
    fix]`` where start/end are UTF-16 offsets (null for a document-level finding) and fix is 0 or
    ``[0 safe | 1 unsafe, message, [[start, end, content], ...]]``. Corpus findings (about
    several documents) are listed with the document they name; any whose document is not in the
    run get a text-less entry marked ``"v": 1``.
    """
    corpus = list(getattr(result, "corpus_findings", None) or [])
    families = list(FAMILIES)
    for f in [f for r in result.results for f in r.findings] + corpus:
        if f.family not in families:
            families.append(f.family)
    attach: dict[tuple, list] = {}
    for f in corpus:
        attach.setdefault((f.path, _record_line(f)), []).append(f)
    entries = [(r, r.document, r.findings + attach.pop((r.document.path,
                                                         _record_line(r.document)), []))
               for r in result.results]
    for (path, line), found in attach.items():
        entries.append((None, Document(path, "", None, {"line": line} if line else None), found))
    fam_index = {name: i for i, name in enumerate(families)}
    rule_index: dict[tuple, int] = {}
    rules: list[list] = []
    strings: list[str] = []
    string_index: dict[str, int] = {}
    sev_index = {name: i for i, name in enumerate(SEVERITIES)}

    def intern(s: str) -> int:
        n = string_index.get(s)
        if n is None:
            n = string_index[s] = len(strings)
            strings.append(s)
        return n

    docs = []
    for r, doc, findings in entries:
        text = doc.text
        length = len(text)
        conv = _utf16(text)

        def off(i, conv=conv, length=length):
            i = 0 if i < 0 else min(i, length)
            return conv(i) if conv else i

        rows = []
        for f in findings:
            key = (f.code, f.rule, f.family)
            ri = rule_index.get(key)
            if ri is None:
                ri = rule_index[key] = len(rules)
                rules.append([f.code, f.rule, fam_index[f.family]])
            s = f.start
            if s is None:
                e = None
            else:
                e = f.end if f.end is not None else s
                if conv is None and 0 <= s <= e <= length:
                    pass
                else:
                    s = off(s)
                    e = max(s, off(e))
            fix = 0
            if f.fix is not None:
                edits = []
                for ed in f.fix.edits:
                    es, ee = ed.start, ed.end
                    if conv is not None or not 0 <= es <= ee <= length:
                        es = off(es)
                        ee = max(es, off(ee))
                    edits.append([es, ee, ed.content])
                fix = [0 if f.fix.is_safe else 1, intern(f.fix.message), edits]
            rows.append([ri, s, e, sev_index.get(f.severity, 1), intern(f.message),
                         f.line, f.column, f.end_line, f.end_column, fix])
        entry = {"p": _doc_label(doc), "l": doc.language or "und",
                 "s": _score(r, findings), "t": text, "f": rows}
        if r is None:
            entry["v"] = 1
        docs.append(entry)
    return {
        "version": 1,
        "families": families,
        "family_classes": [_family_class(n) for n in families],
        "colors": [_family_color(n) for n in families],
        "severities": list(SEVERITIES),
        "rules": rules,
        "strings": strings,
        "docs": docs,
    }


def _counts(data: dict) -> dict:
    """Counts the overview and the filters show, from the built data (one pass)."""
    by_rule = Counter()
    by_sev = Counter()
    lang_docs = Counter()
    lang_findings = Counter()
    for d in data["docs"]:
        rows = d["f"]
        if not d.get("v"):
            lang_docs[d["l"]] += 1
        lang_findings[d["l"]] += len(rows)
        for row in rows:
            by_rule[row[0]] += 1
            by_sev[row[3]] += 1
    by_family = Counter()
    for ri, n in by_rule.items():
        by_family[data["families"][data["rules"][ri][2]]] += n
    return {"by_rule": by_rule, "by_family": by_family,
            "by_severity": {SEVERITIES[k]: n for k, n in by_sev.items()},
            "lang_docs": lang_docs, "lang_findings": lang_findings,
            "affected": sum(1 for d in data["docs"] if d["f"] and not d.get("v"))}


def _json_for_script(data: dict) -> str:
    """JSON safe inside a <script> element: no ``</script``, ``<!--``, or unencodable text."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("<", "\\u003c")
    if _SURROGATE.search(text):  # lone surrogates (undecodable paths) cannot be written as UTF-8
        text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


# -- static parts --------------------------------------------------------------------------------


def _e(s) -> str:
    return html.escape(str(s), quote=True)


def _n(n) -> str:
    return f"{n:,}"


def _fmt_score(x: float) -> str:
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.3g}" if abs(x) < 10 else f"{x:.1f}"


def _stat(key: str, value: str, label: str, sub: str = "") -> str:
    sub_html = f'<div class="sub">{sub}</div>' if sub else ""
    return (f'<div class="stat" data-stat="{key}"><div class="num">{value}</div>'
            f'<div class="label">{_e(label)}</div>{sub_html}</div>')


def _hbar_chart(rows, label_width: int = 110, width: int = 460, unit: str = "") -> str:
    """rows: (label, value, color, title, filter_kind, filter_value, note)."""
    if not rows:
        return '<p class="empty">Nothing to show.</p>'
    row_h, pad = 24, 4
    height = row_h * len(rows) + pad * 2
    top = max(v for _, v, *_ in rows) or 1
    bar_x = label_width + 10
    value_w = max(len(f"{v:,}{note}") for _, v, *_, note in rows) * 7 + 12
    bar_max = max(60, width - bar_x - value_w)
    parts = [(f'<svg class="hbar" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img">')]
    for i, (label, value, color, title, kind, fval, note) in enumerate(rows):
        y = pad + i * row_h
        w = max(2.0, bar_max * value / top) if value else 0
        attrs = (f' class="bar-link" data-filter="{kind}" data-value="{_e(fval)}" tabindex="0"'
                 if kind else "")
        shown = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            f'<g{attrs}><title>{_e(title)}</title>'
            f'<rect class="row-bg" x="0" y="{y}" width="{width}" height="{row_h}"/>'
            f'<text class="lbl" x="{label_width}" y="{y + row_h / 2}">{_e(shown)}</text>'
            f'<rect class="bar" x="{bar_x}" y="{y + 5}" width="{w:.1f}" height="{row_h - 10}" '
            f'rx="3" style="fill:{color}"/>'
            f'<text class="val" x="{bar_x + w + 6:.1f}" y="{y + row_h / 2}">{_n(value)}'
            f'{_e(note)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _histogram(scores: list[float], width: int = 460, height: int = 190) -> str:
    lo, hi = min(scores), max(scores)
    if lo >= 0 and hi <= 1:
        lo, hi = 0.0, 1.0
    elif lo >= 0 and hi <= 100:
        lo, hi = 0.0, 100.0
    elif hi == lo:
        lo, hi = lo - 0.5, hi + 0.5
    bins = 10
    counts = [0] * bins
    for s in scores:
        b = min(bins - 1, max(0, int((s - lo) / (hi - lo) * bins)))
        counts[b] += 1
    top = max(counts) or 1
    left, right, bottom, top_pad = 14 + 7 * len(f"{top:,}"), 12, 26, 14
    plot_w = width - left - right
    plot_h = height - bottom - top_pad
    bw = plot_w / bins
    parts = [(f'<svg class="hist" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img">'),
             (f'<line class="axis" x1="{left}" y1="{top_pad + plot_h}" x2="{width - right}" '
             f'y2="{top_pad + plot_h}"/>'),
             (f'<text class="tick" x="{left - 6}" y="{top_pad + 4}" text-anchor="end">{_n(top)}'
             f'</text>'),
             f'<text class="tick" x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end">0</text>']
    for i, c in enumerate(counts):
        h = plot_h * c / top
        x = left + i * bw
        a, b = lo + (hi - lo) * i / bins, lo + (hi - lo) * (i + 1) / bins
        parts.append(
            f'<g><title>{_fmt_score(a)}–{_fmt_score(b)}: {_n(c)} document(s)</title>'
            f'<rect class="hbin" x="{x + 1.5:.1f}" y="{top_pad + plot_h - h:.1f}" '
            f'width="{bw - 3:.1f}" height="{h:.1f}" rx="2"/></g>')
    for i in range(0, bins + 1, 2):
        x = left + i * bw
        parts.append(f'<text class="tick" x="{x:.1f}" y="{height - 8}" text-anchor="middle">'
                     f'{_fmt_score(lo + (hi - lo) * i / bins)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _overview(result, data: dict, s: dict, c: dict) -> str:
    docs = data["docs"]
    families, colors, rules = data["families"], data["colors"], data["rules"]
    n_docs = len(result.results)
    total = sum(c["by_rule"].values())
    affected = c["affected"]
    sev = c["by_severity"]
    sev_sub = " · ".join(f'<span class="sev-{k}">{_n(sev[k])} {k}</span>'
                         for k in ("error", "warning", "info") if sev.get(k))
    pct = f"{100 * affected / n_docs:.0f}% of documents" if n_docs else ""
    stats = [
        _stat("documents", _n(n_docs), "documents", f"{_n(s['files'])} file(s)"),
        _stat("findings", _n(total), "findings", sev_sub),
        _stat("affected", _n(affected), "documents with findings", pct),
        _stat("fixable", _n(s["fixable"]), "safe fixes",
              f"{_n(s['unsafe_fixable'])} more with --unsafe-fixes" if s["unsafe_fixable"]
              else "applied by --fix"),
    ]
    if s.get("mean_quality") is not None:
        stats.append(_stat("quality", _fmt_score(s["mean_quality"]), "mean quality score",
                           "0 (junk) to 100 (clean, sourced)"))
    if s["fixed"]:
        stats.append(_stat("fixed", _n(s["fixed"]), "fixes applied", "the text shown is fixed"))
    if result.errors:
        stats.append(_stat("errors", _n(len(result.errors)), "errors",
                           '<a href="#errors">see the list</a>'))

    by_family = c["by_family"]
    fam_rows = [(name, by_family[name], colors[i], f"{name}: {by_family[name]:,} finding(s)",
                 "fam", i, "") for i, name in enumerate(families) if by_family[name]]
    fam_rows.sort(key=lambda r: -r[1])

    by_code: Counter = Counter()
    for ri, n in c["by_rule"].items():
        by_code[rules[ri][0]] += n
    first = {}
    for ri, rule in enumerate(rules):
        first.setdefault(rule[0], rule)
    rule_rows = []
    for code, n in sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0]))[:15]:
        _, name, fi = first[code]
        rule_rows.append((f"{code} {name}", n, colors[fi],
                          f"{code} {name} ({families[fi]}): {n:,}", "rule", code, ""))

    lang_docs, lang_findings = c["lang_docs"], c["lang_findings"]
    langs = sorted(lang_docs, key=lambda k: (-lang_findings[k], -lang_docs[k], k))
    lang_rows = [(k, lang_findings[k], "var(--accent)",
                  f"{k}: {lang_findings[k]:,} finding(s) in {lang_docs[k]:,} document(s)",
                  "lang", k, f"  · {lang_docs[k]:,} doc{'s' if lang_docs[k] != 1 else ''}")
                 for k in langs[:15]]

    legend = []
    for i, name in enumerate(families):
        n = by_family[name]
        if not n and name not in FAMILY_COLORS:
            continue
        desc = FAMILY_DESCRIPTIONS.get(name, "")
        legend.append(
            f'<li class="fam-{data["family_classes"][i]}{"" if n else " zero"}" data-filter="fam" '
            f'data-value="{i}" tabindex="0" role="button"><span class="sw"></span>'
            f'<span class="name">{_e(name)}</span><span class="count">{_n(n)}</span>'
            f'<span class="desc">{_e(desc)}</span></li>')

    charts = [
        ('chart-family', "Findings by family", _hbar_chart(fam_rows, 100)),
        ('chart-rule', "Top rules" + (f" <span class=\"hint\">15 of {len(by_code)}</span>"
                                      if len(by_code) > 15 else ""), _hbar_chart(rule_rows, 190)),
        ('chart-language', "Findings by language" + (
            f" <span class=\"hint\">15 of {len(langs)}</span>" if len(langs) > 15 else ""),
         _hbar_chart(lang_rows, 60)),
    ]
    scores = [d["s"] for d in docs if d["s"] is not None]
    if scores:
        ordered = sorted(scores)
        median = ordered[len(ordered) // 2]
        caption = (f"Quality scores <span class=\"hint\">{_n(len(scores))} of {_n(n_docs)} "
                   f"documents · median {_fmt_score(median)}</span>")
        charts.append(("chart-score", caption, _histogram(scores)))
    chart_html = "".join(
        f'<figure class="card chart" id="{cid}"><figcaption>{title}</figcaption>{svg}</figure>'
        for cid, title, svg in charts)
    return (f'<section id="overview" aria-label="Overview"><div class="stats">{"".join(stats)}'
            f'</div><div class="card legend-card"><h2>Families</h2><ul class="legend">'
            f'{"".join(legend)}</ul></div><div class="charts">{chart_html}</div></section>')


def _errors(result) -> str:
    if not result.errors:
        return ""
    items = "".join(f"<li><code>{_e(e)}</code></li>" for e in result.errors[:1000])
    more = (f"<li>… and {_n(len(result.errors) - 1000)} more</li>"
            if len(result.errors) > 1000 else "")
    return (f'<section id="errors" class="card"><h2>Errors ({_n(len(result.errors))})</h2>'
            f'<p>These files or rules could not be checked completely.</p>'
            f'<ul class="errors">{items}{more}</ul></section>')


def _filters(data: dict, c: dict) -> str:
    families, rules = data["families"], data["rules"]
    by_family = c["by_family"]
    fam_chips = "".join(
        f'<button type="button" class="chip fam-{data["family_classes"][i]}" data-filter="fam" '
        f'data-value="{i}" aria-pressed="false"><span class="sw"></span>{_e(name)}'
        f'<span class="count">{_n(by_family[name])}</span></button>'
        for i, name in enumerate(families) if by_family[name])
    by_sev = c["by_severity"]
    sev_chips = "".join(
        f'<button type="button" class="chip sev-chip sev-{name}" data-filter="sev" '
        f'data-value="{i}" aria-pressed="false"><span class="dot"></span>{name}'
        f'<span class="count">{_n(by_sev[name])}</span></button>'
        for i, name in reversed(list(enumerate(SEVERITIES))) if by_sev.get(name))
    by_code: dict = {}
    for ri, n in sorted(c["by_rule"].items(), key=lambda kv: rules[kv[0]][0]):
        code, name, _ = rules[ri]
        by_code.setdefault(code, [name, 0])[1] += n
    rule_opts = "".join(f'<option value="{_e(code)}">{_e(code)} {_e(name)} ({_n(n)})</option>'
                        for code, (name, n) in by_code.items())
    lang_docs = c["lang_docs"]
    lang_opts = "".join(
        f'<option value="{_e(k)}">{_e(k)}{" (unknown)" if k == "und" else ""} '
        f'({_n(n)} doc{"s" if n != 1 else ""})</option>'
        for k, n in sorted(lang_docs.items()))
    return f"""<div class="filters" id="filters" role="search">
<div class="frow"><div class="fgroup"><span class="flabel">Family</span><div class="chips"
 data-kind="fam">{fam_chips or '<span class="muted">no findings</span>'}</div></div>
<div class="fgroup"><span class="flabel">Severity</span><div class="chips"
 data-kind="sev">{sev_chips or '<span class="muted">—</span>'}</div></div></div>
<div class="frow">
<label class="sel"><span class="flabel">Rule</span><select id="f-rule"><option value="">all rules
</option>{rule_opts}</select></label>
<label class="sel"><span class="flabel">Language</span><select id="f-lang"><option value="">all
</option>{lang_opts}</select></label>
<label class="sel"><span class="flabel">Path</span><input id="f-path" type="search"
 placeholder="filter by path…" autocomplete="off"></label>
<label class="check"><input id="f-withf" type="checkbox"> with findings only</label>
<button type="button" id="f-reset" class="reset">Reset filters</button></div></div>
<div class="fstatus" id="f-status" aria-live="polite"></div>"""


def _family_css(data: dict) -> str:
    return "\n".join(f".fam-{cls}{{--c:{color}}}"
                     for cls, color in zip(data["family_classes"], data["colors"]))


def write(result, stream, options) -> None:
    options = options or {}
    data = build_data(result)
    s = result.summary()
    c = _counts(data)
    n_docs = len(result.results)
    title = f"hygiene report · {s['findings']:,} findings in {n_docs:,} documents"
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
    fixed_note = (f" · after {_n(s['fixed'])} fixes" if s["fixed"] else "")
    stream.write(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"color-scheme\" content=\"light dark\">\n"
        f"<meta name=\"generator\" content=\"hygiene {_e(__version__)}\">\n"
        f"<title>{_e(title)}</title>\n<style>\n{_CSS}\n{_family_css(data)}\n</style>\n</head>\n"
        "<body>\n<header class=\"top\"><div class=\"wrap\"><h1><span class=\"logo\">hygiene</span>"
        f" report</h1><div class=\"meta\">{_n(n_docs)} documents · {_n(s['findings'])} findings"
        f"{fixed_note} · generated {_e(when)} · hygiene {_e(__version__)}</div></div></header>\n"
        "<main class=\"wrap\">\n")
    stream.write(_overview(result, data, s, c))
    stream.write(_errors(result))
    stream.write(
        "<section id=\"documents\" aria-label=\"Documents\"><h2 class=\"section-title\">Documents"
        "<span class=\"hint\">click a row to read the document; hover or click a highlight for "
        "the finding and its fix</span></h2>\n")
    stream.write(_filters(data, c))
    stream.write(
        "<div class=\"table-wrap card\"><table id=\"doc-table\"><thead></thead><tbody>"
        "<tr><td class=\"loading\">Loading…</td></tr></tbody></table></div>\n"
        "<nav class=\"pager\" id=\"pager\" aria-label=\"Pages\"></nav>\n"
        "<noscript><p class=\"card\">The document table and the highlighted texts need "
        "JavaScript; the data is embedded in this file as JSON (script#hygiene-data).</p>"
        "</noscript>\n</section>\n</main>\n"
        "<div id=\"popover\" class=\"popover\" role=\"dialog\" hidden></div>\n"
        "<script type=\"application/json\" id=\"hygiene-data\">")
    stream.write(_json_for_script(data))
    stream.write("</script>\n<script>\n")
    stream.write(_JS)
    stream.write("\n</script>\n</body>\n</html>\n")


# -- CSS and JavaScript -------------------------------------------------------------------------

_CSS = r"""
:root{
  --bg:#f5f6f8;--panel:#fff;--ink:#1f2328;--muted:#5f6b7a;--line:#dde2e8;--soft:#eef1f5;
  --accent:#3b5bdb;--shadow:0 1px 2px rgba(16,24,40,.06),0 1px 3px rgba(16,24,40,.08);
  --sev-error:#cf222e;--sev-warning:#b07800;--sev-info:#0969da;
  --safe:#1a7f37;--unsafe:#bc4c00;
  --sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","Noto Sans","Liberation Sans",Arial,sans-serif;
  --serif:Charter,"Bitstream Charter","Sitka Text",Cambria,"Noto Serif","DejaVu Serif",Georgia,serif;
  --mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace;
  --tint:18%;--tint-hover:34%;
}
@media (prefers-color-scheme:dark){:root{
  --bg:#0f1216;--panel:#171b21;--ink:#e4e8ee;--muted:#97a1ad;--line:#2c333c;--soft:#1f252d;
  --accent:#7c9cff;--shadow:none;--sev-error:#ff7b72;--sev-warning:#e3b341;--sev-info:#58a6ff;
  --safe:#3fb950;--unsafe:#f0883e;--tint:30%;--tint-hover:48%;
}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 var(--sans)}
.wrap{max-width:1320px;margin:0 auto;padding:0 24px}
a{color:var(--accent)}
h1,h2,h3{line-height:1.25;margin:0}
.top{background:var(--panel);border-bottom:1px solid var(--line);padding:14px 0;margin-bottom:20px}
.top .wrap{display:flex;align-items:baseline;gap:18px;flex-wrap:wrap}
.top h1{font-size:20px;font-weight:600}
.top .logo{font-weight:800;letter-spacing:-.02em;color:var(--accent)}
.top .meta{color:var(--muted);font-size:13px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:10px;box-shadow:var(--shadow)}
.muted,.hint{color:var(--muted)}
.hint{font-size:12.5px;font-weight:400;margin-left:10px}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin-bottom:14px}
.stat{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:12px 16px;box-shadow:var(--shadow)}
.stat .num{font-size:28px;font-weight:650;letter-spacing:-.02em;font-variant-numeric:tabular-nums}
.stat .label{color:var(--muted);font-size:13px;margin-top:-2px}
.stat .sub{font-size:12px;color:var(--muted);margin-top:4px}
.stat .sub .sev-error{color:var(--sev-error)}.stat .sub .sev-warning{color:var(--sev-warning)}.stat .sub .sev-info{color:var(--sev-info)}
.legend-card{padding:12px 16px;margin-bottom:14px}
.legend-card h2,.chart figcaption{font-size:13px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin-bottom:8px}
.legend{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(290px,1fr));gap:4px 18px}
.legend li{display:grid;grid-template-columns:14px auto 1fr;grid-template-rows:auto auto;column-gap:8px;align-items:center;padding:5px 8px;border-radius:6px;cursor:pointer}
.legend li:hover,.legend li:focus-visible{background:var(--soft);outline:none}
.legend li.zero{opacity:.55}
.legend .sw{grid-row:1/3;align-self:start;margin-top:4px}
.legend .name{font-weight:600}
.legend .count{justify-self:end;font-variant-numeric:tabular-nums;color:var(--muted)}
.legend .desc{grid-column:2/4;color:var(--muted);font-size:12.5px;line-height:1.35}
.sw{display:inline-block;width:12px;height:12px;border-radius:3px;background:color-mix(in srgb,var(--c) 35%,transparent);border:2px solid var(--c)}
.charts{columns:2 420px;column-gap:12px;margin-bottom:26px}
.charts .chart{break-inside:avoid;margin:0 0 12px;display:block}
.chart{padding:12px 16px}
.chart figcaption .hint{text-transform:none;letter-spacing:0}
.chart svg{display:block;width:100%;max-width:560px;height:auto}
.chart .empty{color:var(--muted);margin:6px 0}
svg text{font:12px var(--sans);fill:var(--ink);dominant-baseline:central}
svg .lbl{text-anchor:end}
svg .val{fill:var(--muted);font-variant-numeric:tabular-nums}
svg .row-bg{fill:transparent}
svg .bar-link{cursor:pointer}
svg .bar-link:hover .row-bg,svg .bar-link:focus .row-bg{fill:var(--soft)}
svg .bar-link:focus{outline:none}
svg .tick{fill:var(--muted);font-size:11px}
svg .axis{stroke:var(--line)}
svg .hbin{fill:var(--accent);opacity:.85}
#errors{padding:14px 18px;margin-bottom:24px;border-left:4px solid var(--sev-error)}
#errors h2{font-size:15px;margin-bottom:6px}
.errors{margin:0;padding-left:18px;max-height:240px;overflow:auto}
.section-title{font-size:17px;font-weight:650;margin:0 0 10px}
.filters{position:sticky;top:0;z-index:20;background:var(--bg);padding:8px 0 2px;margin-bottom:8px;border-bottom:1px solid var(--line);box-shadow:0 6px 8px -8px rgba(16,24,40,.25)}
.frow{display:flex;flex-wrap:wrap;align-items:center;gap:6px 14px;margin-bottom:6px}
.flabel{font-size:11.5px;font-weight:600;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin-right:2px}
.fgroup{display:flex;flex-wrap:wrap;align-items:center;gap:6px 8px;margin-right:14px}
.chips{display:flex;flex-wrap:wrap;gap:6px}
.chip{font:inherit;font-size:13px;display:inline-flex;align-items:center;gap:6px;padding:3px 10px 3px 8px;border-radius:999px;border:1px solid var(--line);background:var(--panel);color:var(--ink);cursor:pointer}
.chip:hover{border-color:var(--muted)}
.chip .count{color:var(--muted);font-size:12px;font-variant-numeric:tabular-nums}
.chip[aria-pressed=true]{background:color-mix(in srgb,var(--c,var(--accent)) 16%,var(--panel));border-color:var(--c,var(--accent));box-shadow:inset 0 0 0 1px var(--c,var(--accent));font-weight:600}
.chips.some .chip[aria-pressed=false]{opacity:.6}
.sev-chip .dot{width:9px;height:9px;border-radius:50%;background:var(--c)}
.sev-error{--c:var(--sev-error)}.sev-warning{--c:var(--sev-warning)}.sev-info{--c:var(--sev-info)}
.sel{display:inline-flex;align-items:center;gap:6px}
.sel select,.sel input{font:inherit;font-size:13px;padding:3px 8px;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:var(--ink);max-width:230px}
.sel input{width:170px}
.check{font-size:13px;display:inline-flex;align-items:center;gap:5px;color:var(--muted)}
.reset{font:inherit;font-size:13px;border:0;background:none;color:var(--accent);cursor:pointer;padding:3px 4px}
.fstatus{font-size:12.5px;color:var(--muted);margin:0 2px 8px}
.table-wrap{overflow-x:clip}
@media (max-width:820px){.table-wrap{overflow-x:auto}}
table{border-collapse:collapse;width:100%;font-size:13.5px;table-layout:fixed;min-width:760px}
thead th{position:sticky;top:var(--fh,0px);z-index:5;text-align:left;font-weight:600;font-size:12px;color:var(--muted);border-bottom:1px solid var(--line);padding:0;white-space:nowrap;background:var(--panel)}
thead th button{position:relative;font:inherit;color:inherit;background:none;border:0;padding:7px 14px 7px 10px;width:100%;text-align:inherit;cursor:pointer;display:flex;align-items:center}
thead th.num button{justify-content:flex-end}
thead th button:hover{color:var(--ink)}
thead th[aria-sort] button{color:var(--ink)}
thead th .arrow{position:absolute;right:3px;top:50%;transform:translateY(-50%);font-size:9px;opacity:.8}
thead th.famcol{border-top:3px solid var(--c)}
thead th:first-child{border-top-left-radius:10px}thead th:last-child{border-top-right-radius:10px}
thead th.famcol button{padding:6px 14px 6px 4px;font-size:11px}
thead th .lbl{overflow:hidden;text-overflow:ellipsis;min-width:0}
td{padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:middle}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.idx{color:var(--muted);width:1%}
td.loading{color:var(--muted);padding:18px}
tr.doc-row{cursor:pointer}
tr.doc-row:hover td{background:var(--soft)}
tr.doc-row:focus-visible{outline:2px solid var(--accent);outline-offset:-2px}
tr.doc-row.open td{background:color-mix(in srgb,var(--accent) 8%,var(--panel));border-bottom-color:transparent}
td.path{max-width:520px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
td.path .chev{display:inline-block;width:14px;color:var(--muted);transition:transform .12s}
tr.open td.path .chev{transform:rotate(90deg)}
td.path .dir{color:var(--muted)}
td.path .base{font-weight:550}
td.lang{font-family:var(--mono);font-size:12.5px}
.meter{display:block;height:3px;margin:3px 0 0 auto;width:48px;border-radius:2px;background:var(--soft);overflow:hidden}
.meter i{display:block;height:100%;background:var(--accent);opacity:.75}
td.total b{font-weight:650}
td.zero{color:color-mix(in srgb,var(--muted) 50%,transparent)}
.cnt{display:inline-block;min-width:24px;padding:0 7px;border-radius:999px;text-align:center;background:color-mix(in srgb,var(--c) var(--tint),transparent);color:var(--ink);font-weight:550}
tr.doc-detail>td{padding:0 0 18px;background:color-mix(in srgb,var(--accent) 8%,var(--panel))}
.doc{position:sticky;left:12px;max-width:calc(var(--tw,100%) - 24px);margin:0 12px;background:var(--panel);border:1px solid var(--line);border-radius:10px;box-shadow:var(--shadow)}
.doc-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 16px;padding:12px 18px;border-bottom:1px solid var(--line)}
.doc-head h3{font-size:15px;font-weight:600;word-break:break-all}
.doc-head .dmeta{color:var(--muted);font-size:12.5px}
.doc-head .close{margin-left:auto;font:inherit;font-size:12.5px;border:1px solid var(--line);background:var(--panel);color:var(--ink);border-radius:6px;padding:2px 10px;cursor:pointer}
.doclevel{margin:12px 18px 0;display:flex;flex-direction:column;gap:6px}
.doclevel .dl{border-left:4px solid var(--c);background:color-mix(in srgb,var(--c) 10%,transparent);padding:6px 10px;border-radius:0 6px 6px 0;font-size:13px}
.doc-body{display:grid;grid-template-columns:minmax(0,1fr) 330px;gap:0}
@media (max-width:1000px){.doc-body{grid-template-columns:1fr}.flist{border-left:0!important;border-top:1px solid var(--line)}}
.text{counter-reset:ln;padding:14px 22px 18px 8px;font:16px/1.65 var(--serif);white-space:pre-wrap;overflow-wrap:anywhere;max-width:100%;color:var(--ink)}
.text .ln{position:relative;padding-left:52px;min-height:1.65em;max-width:calc(80ch + 52px)}
.text .ln::before{counter-increment:ln;content:counter(ln);position:absolute;left:0;width:38px;text-align:right;font:11px/2.4 var(--mono);color:var(--muted);opacity:.6;user-select:none}
.text .ln:hover::before{opacity:1}
mark.hl{color:inherit;background:color-mix(in srgb,var(--c) var(--tint),transparent);border-bottom:2px solid var(--c);border-radius:2px;padding:1px 0;cursor:pointer;transition:background .1s}
mark.hl.sev-info{border-bottom-style:dotted}
mark.hl.multi{border-bottom-width:3px}
mark.hl:hover,mark.hl.active{background:color-mix(in srgb,var(--c) var(--tint-hover),transparent)}
mark.hl.pinned{outline:2px solid var(--c);outline-offset:1px}
mark.hl.zero{display:inline-block;width:4px;height:1.15em;vertical-align:-.2em;background:var(--c);margin:0 1px;padding:0;border:0}
mark.hl.flash{animation:flash 1.2s ease-out}
@keyframes flash{0%{box-shadow:0 0 0 6px color-mix(in srgb,var(--c) 55%,transparent)}100%{box-shadow:0 0 0 0 transparent}}
.cp{font:10px var(--mono);border:1px solid currentColor;border-radius:3px;padding:0 2px;margin:0 1px;color:var(--muted);vertical-align:1px}
.nl{color:var(--c);font-family:var(--mono);font-size:12px}
.flist{border-left:1px solid var(--line);padding:10px 0;max-height:calc(100vh - var(--fh,100px) - 16px);overflow:auto;position:sticky;top:calc(var(--fh,100px) + 8px);align-self:start}
.doc,mark.hl,tr.doc-row{scroll-margin-top:calc(var(--fh,100px) + 48px)}
.flist h4{font-size:11.5px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:2px 14px 6px}
.flist ol{list-style:none;margin:0;padding:0}
.flist li{padding:6px 14px 6px 12px;border-left:3px solid var(--c);margin:0 0 2px;cursor:pointer;font-size:12.5px;line-height:1.4}
.flist li:hover,.flist li:focus-visible{background:var(--soft);outline:none}
.flist .fl-head{display:flex;gap:6px;align-items:baseline}
.flist .where{margin-left:auto;color:var(--muted);font:11px var(--mono)}
.flist .none{color:var(--muted);padding:0 14px;font-size:12.5px}
.code{font:600 12px var(--mono)}
.badge{display:inline-block;padding:0 6px;border-radius:4px;background:color-mix(in srgb,var(--c) 18%,transparent);color:var(--ink)}
.sevtag{font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--c)}
.famtag{font-size:11.5px;color:var(--c);font-weight:600}
.hidden-note{color:var(--muted);font-size:12px;padding:8px 18px 0}
.popover{position:absolute;z-index:50;max-width:470px;min-width:330px;background:var(--panel);color:var(--ink);border:1px solid var(--line);border-radius:10px;box-shadow:0 10px 30px rgba(16,24,40,.18),0 2px 6px rgba(16,24,40,.08);font-size:13px;padding:4px 0;max-height:70vh;overflow:auto}
.popover[hidden]{display:none}
.popover .pclose{position:sticky;top:0;float:right;margin:2px 6px 0 0;border:0;background:none;color:var(--muted);font-size:18px;line-height:1;cursor:pointer;padding:2px 6px}
.popover .fc{padding:10px 14px;border-left:4px solid var(--c)}
.popover .fc+.fc{border-top:1px solid var(--line)}
.fc-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 8px}
.fc-head .rule{color:var(--muted);font-size:12px}
.fc-msg{margin:5px 0 3px;font-size:13.5px}
.fc-loc{color:var(--muted);font:11px var(--mono)}
.fc-fix{margin-top:8px;padding-top:7px;border-top:1px dashed var(--line)}
.appl{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;padding:1px 6px;border-radius:4px;margin-right:4px}
.appl-safe{color:var(--safe);background:color-mix(in srgb,var(--safe) 14%,transparent)}
.appl-unsafe{color:var(--unsafe);background:color-mix(in srgb,var(--unsafe) 14%,transparent)}
.nofix{color:var(--muted);font-size:12px;margin-top:6px}
.edit{display:grid;grid-template-columns:48px 1fr;gap:2px 6px;margin-top:6px;font-size:12px}
.edit .k{color:var(--muted);font-size:11px;text-transform:uppercase;letter-spacing:.04em;padding-top:2px}
.edit code{font:12px/1.45 var(--mono);white-space:pre-wrap;overflow-wrap:anywhere;padding:2px 6px;border-radius:4px;display:block;max-height:9.5em;overflow:auto}
.edit .before code{background:color-mix(in srgb,var(--sev-error) 12%,transparent);text-decoration:line-through;text-decoration-color:color-mix(in srgb,var(--sev-error) 50%,transparent)}
.edit .after code{background:color-mix(in srgb,var(--safe) 13%,transparent)}
.edit em{color:var(--muted);font-style:italic;text-decoration:none}
.ws{color:var(--muted)}
.pager{display:flex;flex-wrap:wrap;align-items:center;gap:4px;margin:12px 0 40px}
.pager button{font:inherit;font-size:13px;min-width:34px;padding:4px 9px;border:1px solid var(--line);background:var(--panel);color:var(--ink);border-radius:6px;cursor:pointer}
.pager button[aria-current=page]{background:var(--accent);border-color:var(--accent);color:#fff;font-weight:600}
.pager button:disabled{opacity:.4;cursor:default}
.pager .gap{padding:0 4px;color:var(--muted)}
.pager .per{margin-left:auto;color:var(--muted);font-size:12.5px}
.pager select{font:inherit;font-size:12.5px;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:var(--ink)}
"""

_JS = r"""
(function () {
'use strict';
var T0 = performance.now();
var D = JSON.parse(document.getElementById('hygiene-data').textContent);
var DOCS = D.docs, RULES = D.rules, FAMS = D.families, FCLS = D.family_classes,
    COLORS = D.colors, SEVS = D.severities, STR = D.strings;
var ND = DOCS.length, NF = FAMS.length;
var NUM = new Intl.NumberFormat('en-US');
var COLL = new Intl.Collator(undefined, {numeric: true, sensitivity: 'base'});
var HAS_SCORE = DOCS.some(function (d) { return d.s !== null; });
var TOTAL = 0, SMIN = Infinity, SMAX = -Infinity;
DOCS.forEach(function (d) {
  TOTAL += d.f.length;
  if (d.s !== null) { SMIN = Math.min(SMIN, d.s); SMAX = Math.max(SMAX, d.s); }
});
// The score scale: 0-1 or 0-100 when the scores fit, else their own range.
var SLO = SMIN >= 0 && SMAX <= 1 ? 0 : SMIN >= 0 && SMAX <= 100 ? 0 : SMIN;
var SHI = SMIN >= 0 && SMAX <= 1 ? 1 : SMIN >= 0 && SMAX <= 100 ? 100 : SMAX;
var famTotal = new Array(NF).fill(0);
DOCS.forEach(function (d) { d.f.forEach(function (f) { famTotal[RULES[f[0]][2]]++; }); });
var FAM_COLS = [];
for (var fi = 0; fi < NF; fi++) if (famTotal[fi]) FAM_COLS.push(fi);

var S = {fam: new Set(), sev: new Set(), rule: '', lang: '', q: '', withf: false,
         key: 'idx', dir: 1, page: 0, per: 100, open: new Set()};
var counts = new Int32Array(ND * NF), totals = new Int32Array(ND), rows = [];
var visibleFindings = 0;

function $(s, r) { return (r || document).querySelector(s); }
function $$(s, r) { return Array.prototype.slice.call((r || document).querySelectorAll(s)); }
function esc(s) {
  return String(s).replace(/[&<>"]/g, function (c) {
    return c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;';
  });
}
var INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb]/g;
function hex(c) { var h = c.charCodeAt(0).toString(16).toUpperCase(); return 'U+' + '0000'.slice(h.length) + h; }
// Text for the page: escaped, with invisible and direction-changing characters shown as badges.
function escVis(s) {
  return esc(s).replace(INVISIBLE, function (c) {
    return '<span class="cp" title="' + hex(c) + '">' + hex(c).slice(2) + '</span>';
  });
}
function fmtScore(x) {
  if (x === null || x === undefined) return '';
  return Number.isInteger(x) ? String(x) : (Math.abs(x) < 10 ? x.toPrecision(3) : x.toFixed(1));
}
function famOf(f) { return RULES[f[0]][2]; }

// -- filtering and sorting --------------------------------------------------------------------
function findingFilter() { return S.fam.size > 0 || S.sev.size > 0 || S.rule !== ''; }
function matches(f) {
  var r = RULES[f[0]];
  return (!S.fam.size || S.fam.has(r[2])) && (!S.sev.size || S.sev.has(f[3])) &&
         (!S.rule || r[0] === S.rule);
}
function recompute() {
  counts.fill(0); totals.fill(0); rows = []; visibleFindings = 0;
  var ff = findingFilter(), q = S.q.toLowerCase();
  for (var i = 0; i < ND; i++) {
    var d = DOCS[i], fs = d.f, t = 0;
    for (var k = 0; k < fs.length; k++) {
      var f = fs[k];
      if (matches(f)) { counts[i * NF + RULES[f[0]][2]]++; t++; }
    }
    totals[i] = t;
    if (S.lang && d.l !== S.lang) continue;
    if (q && d.p.toLowerCase().indexOf(q) < 0) continue;
    if ((ff || S.withf) && !t) continue;
    rows.push(i);
    visibleFindings += t;
  }
  sortRows();
}
function sortRows() {
  var k = S.key, dir = S.dir, cmp;
  if (k === 'path') cmp = function (a, b) { return COLL.compare(DOCS[a].p, DOCS[b].p); };
  else if (k === 'lang') cmp = function (a, b) { return COLL.compare(DOCS[a].l, DOCS[b].l); };
  else if (k === 'total') cmp = function (a, b) { return totals[a] - totals[b]; };
  else if (k.slice(0, 3) === 'fam') {
    var c = +k.slice(3);
    cmp = function (a, b) { return counts[a * NF + c] - counts[b * NF + c]; };
  } else if (k === 'score') {
    rows.sort(function (a, b) {   // documents without a score last, whatever the direction
      var x = DOCS[a].s, y = DOCS[b].s;
      if (x === null || y === null) return (x === null) - (y === null) || a - b;
      return dir * (x - y) || a - b;
    });
    return;
  } else cmp = function (a, b) { return a - b; };
  rows.sort(function (a, b) { return dir * cmp(a, b) || a - b; });
}

// -- table ------------------------------------------------------------------------------------
function columns() {
  var cols = [{k: 'idx', label: '#', num: true, w: 34 + 8 * String(ND).length},
              {k: 'path', label: 'Document'}, {k: 'lang', label: 'Lang', w: 64}];
  if (HAS_SCORE) cols.push({k: 'score', label: 'Score', num: true, w: 74});
  cols.push({k: 'total', label: 'Findings', num: true, w: 86});
  FAM_COLS.forEach(function (f) { cols.push({k: 'fam' + f, label: FAMS[f], num: true, fam: f, w: 94}); });
  return cols;
}
var COLS = columns();
function renderHead() {
  $('#doc-table thead').innerHTML = '<tr>' + COLS.map(function (c) {
    var sorted = S.key === c.k;
    var cls = (c.num ? 'num' : '') + (c.fam !== undefined ? ' famcol fam-' + FCLS[c.fam] : '');
    return '<th class="' + cls + '" data-key="' + c.k + '"' + (c.w ? ' style="width:' + c.w + 'px"' : '') +
      (sorted ? ' aria-sort="' + (S.dir > 0 ? 'ascending' : 'descending') + '"' : '') +
      '><button type="button" title="Sort by ' + esc(c.label) + '"><span class="lbl">' + esc(c.label) + '</span>' +
      '<span class="arrow">' + (sorted ? (S.dir > 0 ? '▲' : '▼') : '') + '</span></button></th>';
  }).join('') + '</tr>';
}
function pathCell(p) {
  var cut = p.lastIndexOf('/') + 1;
  return '<span class="chev">▸</span><span class="dir">' + esc(p.slice(0, cut)) +
         '</span><span class="base">' + esc(p.slice(cut)) + '</span>';
}
function rowHtml(i) {
  var d = DOCS[i], open = S.open.has(i);
  var h = '<tr class="doc-row' + (open ? ' open' : '') + '" data-i="' + i + '" tabindex="0" aria-expanded="' + open + '">' +
    '<td class="num idx">' + (i + 1) + '</td><td class="path" title="' + esc(d.p) + '">' + pathCell(d.p) + '</td>' +
    '<td class="lang">' + esc(d.l) + '</td>';
  if (HAS_SCORE) {
    var pct = d.s === null || SHI === SLO ? 0 : Math.round(100 * (d.s - SLO) / (SHI - SLO));
    h += '<td class="num score">' + (d.s === null ? '<span class="muted">–</span>' : fmtScore(d.s) +
      '<span class="meter" title="' + pct + '% of the scale"><i style="width:' + pct + '%"></i></span>') + '</td>';
  }
  h += '<td class="num total">' + (totals[i] ? '<b>' + NUM.format(totals[i]) + '</b>' : '<span class="muted">0</span>') + '</td>';
  for (var c = 0; c < FAM_COLS.length; c++) {
    var f = FAM_COLS[c], n = counts[i * NF + f];
    h += n ? '<td class="num"><span class="cnt fam-' + FCLS[f] + '">' + n + '</span></td>'
           : '<td class="num zero">·</td>';
  }
  h += '</tr>';
  if (open) h += '<tr class="doc-detail" data-i="' + i + '"><td colspan="' + COLS.length + '">' + docHtml(i) + '</td></tr>';
  return h;
}
function pages() { return Math.max(1, Math.ceil(rows.length / S.per)); }
function renderBody() {
  if (S.page >= pages()) S.page = pages() - 1;
  var start = S.page * S.per, slice = rows.slice(start, start + S.per);
  var body = $('#doc-table tbody');
  body.innerHTML = slice.length ? slice.map(rowHtml).join('')
    : '<tr><td class="loading" colspan="' + COLS.length + '">No document matches these filters.</td></tr>';
  renderPager();
  $('#f-status').textContent = NUM.format(rows.length) + ' of ' + NUM.format(ND) + ' documents · ' +
    NUM.format(visibleFindings) + ' of ' + NUM.format(TOTAL) + ' findings shown' +
    (rows.length > S.per ? ' · page ' + (S.page + 1) + ' of ' + pages() : '');
}
function renderPager() {
  var n = pages(), p = S.page, h = '';
  if (n > 1) {
    h += '<button type="button" data-page="' + (p - 1) + '"' + (p === 0 ? ' disabled' : '') + '>‹ Prev</button>';
    var shown = [0, n - 1, p - 2, p - 1, p, p + 1, p + 2].filter(function (x) { return x >= 0 && x < n; });
    shown = Array.from(new Set(shown)).sort(function (a, b) { return a - b; });
    var last = -1;
    shown.forEach(function (x) {
      if (x > last + 1) h += '<span class="gap">…</span>';
      h += '<button type="button" data-page="' + x + '"' + (x === p ? ' aria-current="page"' : '') + '>' + (x + 1) + '</button>';
      last = x;
    });
    h += '<button type="button" data-page="' + (p + 1) + '"' + (p >= n - 1 ? ' disabled' : '') + '>Next ›</button>';
  }
  if (rows.length > 50) {
    h += '<label class="per">rows per page <select id="per">' + [50, 100, 250, 500].map(function (x) {
      return '<option' + (x === S.per ? ' selected' : '') + '>' + x + '</option>'; }).join('') + '</select></label>';
  }
  $('#pager').innerHTML = h;
}
function refresh() { hidePop(); recompute(); renderHead(); renderBody(); syncFilters(); stickyHeight(); }
function stickyHeight() {
  var st = document.documentElement.style;
  st.setProperty('--fh', $('#filters').offsetHeight + 'px');
  st.setProperty('--tw', $('.table-wrap').clientWidth + 'px');
}

// -- one document -----------------------------------------------------------------------------
function showWs(s, max) {
  if (s === '') return '<em>(nothing)</em>';
  max = max || 600;
  var cut = '';
  if (s.length > max) {
    cut = '<em> … ' + NUM.format(s.length - max + 160) + ' more characters … </em>';
    s = [s.slice(0, max - 160), s.slice(s.length - 160)];
  } else s = [s];
  var f = function (x) { return escVis(x).replace(/\n/g, '<span class="ws">↵</span>\n').replace(/\t/g, '<span class="ws">→</span>\t'); };
  return s.length === 2 ? f(s[0]) + cut + f(s[1]) : f(s[0]);
}
function findingCard(i, k) {
  var d = DOCS[i], f = d.f[k], r = RULES[f[0]], fam = r[2], sev = SEVS[f[3]];
  var h = '<div class="fc fam-' + FCLS[fam] + '"><div class="fc-head"><span class="badge code fam-' + FCLS[fam] + '">' +
    esc(r[0]) + '</span><span class="rule">' + esc(r[1]) + '</span><span class="sevtag sev-' + sev + '">' + sev +
    '</span><span class="famtag">' + esc(FAMS[fam]) + '</span></div><div class="fc-msg">' + esc(STR[f[4]]) + '</div>';
  if (f[5] !== null && f[5] !== undefined)
    h += '<div class="fc-loc">line ' + f[5] + ':' + f[6] + ' – ' + f[7] + ':' + f[8] + '</div>';
  var fx = f[9];
  if (fx) {
    h += '<div class="fc-fix"><span class="appl appl-' + (fx[0] ? 'unsafe' : 'safe') + '">' +
      (fx[0] ? 'unsafe fix' : 'safe fix') + '</span>' + esc(STR[fx[1]]);
    fx[2].slice(0, 6).forEach(function (e) {
      h += '<div class="edit"><span class="k">before</span><span class="before"><code>' + showWs(d.t.slice(e[0], e[1])) +
        '</code></span><span class="k">after</span><span class="after"><code>' + showWs(e[2]) + '</code></span></div>';
    });
    if (fx[2].length > 6) h += '<div class="nofix">… and ' + (fx[2].length - 6) + ' more edits</div>';
    h += '</div>';
  } else h += '<div class="nofix">No automatic fix' + (FAMS[fam] === 'attribution' ? ' — a flag for a human reviewer' : '') + '</div>';
  return h + '</div>';
}
function mixStripes(fams) {
  var step = 6, stops = [];
  fams.forEach(function (f, n) {
    var c = 'color-mix(in srgb,' + COLORS[f] + ' var(--tint-hover),transparent)';
    stops.push(c + ' ' + (n * step) + 'px ' + ((n + 1) * step) + 'px');
  });
  return ' style="background:repeating-linear-gradient(135deg,' + stops.join(',') + ')"';
}
// The text with the visible findings highlighted. Overlapping spans are cut into segments at
// every boundary; a segment carries every finding that covers it (data-f), the colour of the
// innermost one, and stripes when several families overlap.
function highlighted(i, idxs) {
  var d = DOCS[i], text = d.t, L = text.length;
  var spans = idxs.map(function (k) {
    var f = d.f[k], s = Math.max(0, Math.min(f[1], L)), e = Math.max(s, Math.min(f[2], L));
    return {k: k, s: s, e: e, fam: famOf(f), sev: f[3]};
  }).sort(function (a, b) { return a.s - b.s || b.e - a.e; });
  var bset = new Set([0, L]);
  spans.forEach(function (sp) { bset.add(sp.s); bset.add(sp.e); });
  var B = Array.from(bset).sort(function (a, b) { return a - b; });
  var out = ['<div class="ln">'], active = [], si = 0;
  function mark(list, extra) {
    var inner = list[0];
    for (var n = 1; n < list.length; n++) {
      var x = list[n];
      if (x.e - x.s < inner.e - inner.s || (x.e - x.s === inner.e - inner.s && x.sev > inner.sev)) inner = x;
    }
    var fams = [inner.fam];
    list.forEach(function (x) { if (fams.indexOf(x.fam) < 0) fams.push(x.fam); });
    return '<mark class="hl fam-' + FCLS[inner.fam] + ' sev-' + SEVS[inner.sev] + (list.length > 1 ? ' multi' : '') +
      (extra || '') + '" data-f="' + list.map(function (x) { return x.k; }).join(' ') + '"' +
      (fams.length > 1 ? mixStripes(fams) : '') + '>';
  }
  function emit(seg) {
    var open = active.length ? mark(active) : '';
    var parts = seg.split('\n');
    for (var n = 0; n < parts.length; n++) {
      if (n > 0) out.push('</div><div class="ln">');
      var p = parts[n];
      if (p) out.push(open ? open + escVis(p) + '</mark>' : escVis(p));
      else if (open && n < parts.length - 1) out.push(open + '<span class="nl">↵</span></mark>');
    }
  }
  for (var b = 0; b < B.length; b++) {
    var at = B[b];
    active = active.filter(function (sp) { return sp.e > at; });
    while (si < spans.length && spans[si].s === at) {
      var sp = spans[si++];
      if (sp.e === at) out.push(mark([sp], ' zero') + '</mark>'); else active.push(sp);
    }
    if (b + 1 < B.length) emit(text.slice(at, B[b + 1]));
  }
  out.push('</div>');
  return out.join('');
}
function docHtml(i) {
  var d = DOCS[i], spanIdx = [], docIdx = [];
  d.f.forEach(function (f, k) { if (matches(f)) (f[1] === null ? docIdx : spanIdx).push(k); });
  var hidden = d.f.length - spanIdx.length - docIdx.length;
  var lines = 1; for (var c = 0; c < d.t.length; c++) if (d.t.charCodeAt(c) === 10) lines++;
  var langAttr = d.l && d.l !== 'und' ? ' lang="' + esc(d.l) + '"' : '';
  var h = '<section class="doc" id="doc-' + i + '" data-i="' + i + '"><header class="doc-head"><h3>' + esc(d.p) + '</h3>' +
    '<span class="dmeta">' + esc(d.l) + (d.s !== null ? ' · score ' + fmtScore(d.s) : '') + ' · ' + NUM.format(lines) +
    ' lines · ' + NUM.format(d.t.length) + ' characters · ' + NUM.format(spanIdx.length + docIdx.length) + ' finding' +
    (spanIdx.length + docIdx.length === 1 ? '' : 's') + '</span>' +
    '<button type="button" class="close" data-close="' + i + '">Close</button></header>';
  if (hidden) h += '<div class="hidden-note">' + hidden + ' finding' + (hidden === 1 ? '' : 's') + ' hidden by the filters</div>';
  if (docIdx.length) {
    h += '<div class="doclevel">' + docIdx.map(function (k) {
      var f = d.f[k], r = RULES[f[0]];
      return '<div class="dl fam-' + FCLS[r[2]] + '"><span class="badge code fam-' + FCLS[r[2]] + '">' + esc(r[0]) + '</span> ' +
        '<span class="sevtag sev-' + SEVS[f[3]] + '">' + SEVS[f[3]] + '</span> ' + esc(STR[f[4]]) +
        ' <span class="muted">(' + esc(r[1]) + ', whole document)</span></div>';
    }).join('') + '</div>';
  }
  var sorted = spanIdx.slice().sort(function (a, b) { return d.f[a][1] - d.f[b][1] || a - b; });
  h += '<div class="doc-body"><div class="text"' + langAttr + '>' + highlighted(i, spanIdx) + '</div><aside class="flist">' +
    '<h4>Findings in the text</h4>' + (sorted.length ? '<ol>' + sorted.map(function (k) {
      var f = d.f[k], r = RULES[f[0]];
      return '<li class="fam-' + FCLS[r[2]] + '" data-k="' + k + '" tabindex="0"><div class="fl-head"><span class="code">' + esc(r[0]) +
        '</span><span class="sevtag sev-' + SEVS[f[3]] + '">' + SEVS[f[3]] + '</span><span class="where">' +
        (f[5] !== null ? f[5] + ':' + f[6] : '') + '</span></div>' + esc(STR[f[4]]) + '</li>';
    }).join('') + '</ol>' : '<p class="none">None' + (hidden ? ' with these filters' : '') + '.</p>') + '</aside></div></section>';
  return h;
}
function toggleDoc(i, force) {
  var open = force === undefined ? !S.open.has(i) : force;
  if (open) S.open.add(i); else S.open.delete(i);
  hidePop();
  var tr = $('tr.doc-row[data-i="' + i + '"]');
  if (!tr) return;
  var next = tr.nextElementSibling;
  if (next && next.classList.contains('doc-detail')) next.remove();
  tr.classList.toggle('open', open);
  tr.setAttribute('aria-expanded', open);
  if (open) {
    var t = document.createElement('tbody');
    t.innerHTML = '<tr class="doc-detail" data-i="' + i + '"><td colspan="' + COLS.length + '">' + docHtml(i) + '</td></tr>';
    tr.after(t.firstChild);
  }
}
function openDoc(i, scroll) {
  var pos = rows.indexOf(i);
  if (pos < 0) { resetFilters(false); pos = rows.indexOf(i); }
  S.page = Math.floor(pos / S.per);
  S.open.add(i);
  renderBody();
  if (scroll) { var el = document.getElementById('doc-' + i); if (el) el.scrollIntoView({block: 'start', inline: 'nearest'}); }
}

// -- popover ----------------------------------------------------------------------------------
var pop = $('#popover'), pinned = null, hovered = null;
function setActive(markEl, on) {
  var sec = markEl.closest('.doc');
  markEl.getAttribute('data-f').split(' ').forEach(function (k) {
    $$('mark[data-f~="' + k + '"]', sec).forEach(function (m) { m.classList.toggle('active', on); });
  });
}
function showPop(markEl, pin, ev) {
  var sec = markEl.closest('.doc'), i = +sec.getAttribute('data-i');
  var ks = markEl.getAttribute('data-f').split(' ').map(Number);
  ks.sort(function (a, b) { return DOCS[i].f[b][3] - DOCS[i].f[a][3] || a - b; });
  pop.innerHTML = (pin ? '<button type="button" class="pclose" aria-label="Close">×</button>' : '') +
    ks.map(function (k) { return findingCard(i, k); }).join('');
  pop.hidden = false;
  pop.classList.toggle('pinned', !!pin);
  var rects = markEl.getClientRects(), rect = rects[0] || markEl.getBoundingClientRect();
  if (ev && rects.length > 1) {
    for (var n = 0; n < rects.length; n++) if (ev.clientY >= rects[n].top && ev.clientY <= rects[n].bottom) { rect = rects[n]; break; }
  }
  var vw = document.documentElement.clientWidth, vh = window.innerHeight;
  var pw = pop.offsetWidth, ph = pop.offsetHeight, x, y;
  if (rect.right + 14 + pw <= vw - 12 && rect.width < vw / 2) {
    // Beside a short highlight: the lines under it (often more artefacts) stay readable.
    x = rect.right + 14;
    y = Math.max(8, Math.min(rect.top - 10, vh - ph - 8));
  } else {
    x = Math.max(8, Math.min(rect.left, vw - pw - 12));
    y = rect.bottom + 6;
    if (y + ph > vh - 8 && rect.top - ph - 6 > 8) y = rect.top - ph - 6;
  }
  pop.style.left = (x + window.scrollX) + 'px';
  pop.style.top = (y + window.scrollY) + 'px';
}
function hidePop() {
  if (pinned) { pinned.classList.remove('pinned'); setActive(pinned, false); pinned = null; }
  if (hovered) { setActive(hovered, false); hovered = null; }
  pop.hidden = true; pop.classList.remove('pinned');
}
function pin(markEl, ev) {
  hidePop();
  pinned = markEl; markEl.classList.add('pinned'); setActive(markEl, true);
  showPop(markEl, true, ev);
}
document.addEventListener('mouseover', function (ev) {
  if (pinned) return;
  var m = ev.target.closest && ev.target.closest('mark.hl');
  if (m === hovered) return;
  if (hovered) setActive(hovered, false);
  hovered = m;
  if (m) { setActive(m, true); showPop(m, false, ev); } else pop.hidden = true;
});
document.addEventListener('click', function (ev) {
  var t = ev.target;
  if (t.closest('.pclose')) { hidePop(); return; }
  if (t.closest('#popover')) return;
  var m = t.closest('mark.hl');
  if (m) { if (m === pinned) hidePop(); else pin(m, ev); return; }
  if (pinned) hidePop();
  var li = t.closest('.flist li');
  if (li) {
    var sec = li.closest('.doc'), mk = $('mark[data-f~="' + li.getAttribute('data-k') + '"]', sec);
    if (mk) {
      mk.scrollIntoView({block: 'center', inline: 'nearest'});
      mk.classList.remove('flash'); void mk.offsetWidth; mk.classList.add('flash');
      pin(mk);
    }
    return;
  }
  var close = t.closest('[data-close]');
  if (close) { var ci = +close.getAttribute('data-close'); toggleDoc(ci, false);
    var row = $('tr.doc-row[data-i="' + ci + '"]'); if (row) row.scrollIntoView({block: 'nearest'}); return; }
  var th = t.closest('thead th');
  if (th) {
    var key = th.getAttribute('data-key');
    if (S.key === key) S.dir = -S.dir;
    else { S.key = key; S.dir = (key === 'idx' || key === 'path' || key === 'lang') ? 1 : -1; }
    S.page = 0; hidePop(); sortRows(); renderHead(); renderBody(); return;
  }
  var tr = t.closest('tr.doc-row');
  if (tr) { toggleDoc(+tr.getAttribute('data-i')); return; }
  var pg = t.closest('#pager button[data-page]');
  if (pg) { S.page = +pg.getAttribute('data-page'); hidePop(); renderBody();
    $('#documents').scrollIntoView({block: 'start'}); return; }
  var fl = t.closest('[data-filter]');
  if (fl) { applyFilter(fl); return; }
  if (t.id === 'f-reset') { resetFilters(true); }
});
document.addEventListener('keydown', function (ev) {
  if (ev.key === 'Escape') { hidePop(); return; }
  if (ev.key !== 'Enter' && ev.key !== ' ') return;
  var t = ev.target;
  if (t.matches && t.matches('tr.doc-row')) { ev.preventDefault(); toggleDoc(+t.getAttribute('data-i')); }
  else if (t.matches && t.matches('.flist li')) { ev.preventDefault(); t.click(); }
  else if (t.closest && t.closest('.bar-link, .legend li')) { ev.preventDefault(); applyFilter(t.closest('[data-filter]')); }
});
window.addEventListener('resize', function () { stickyHeight(); if (!pop.hidden && pinned) showPop(pinned, true); });

// -- filters ----------------------------------------------------------------------------------
function applyFilter(el) {
  var kind = el.getAttribute('data-filter'), value = el.getAttribute('data-value');
  var fromChart = !el.classList.contains('chip');
  if (kind === 'fam' || kind === 'sev') {
    var set = S[kind], v = +value;
    if (fromChart) { set.clear(); set.add(v); }
    else if (set.has(v)) set.delete(v); else set.add(v);
  } else if (kind === 'rule') S.rule = value;
  else if (kind === 'lang') S.lang = value;
  S.page = 0;
  refresh();
  if (fromChart) $('#documents').scrollIntoView({block: 'start'});
}
function syncFilters() {
  ['fam', 'sev'].forEach(function (kind) {
    var chips = $$('.chip[data-filter="' + kind + '"]');
    chips.forEach(function (c) { c.setAttribute('aria-pressed', S[kind].has(+c.getAttribute('data-value'))); });
    var box = $('.chips[data-kind="' + kind + '"]');
    if (box) box.classList.toggle('some', S[kind].size > 0);
  });
  $('#f-rule').value = S.rule; $('#f-lang').value = S.lang;
  if ($('#f-path').value !== S.q) $('#f-path').value = S.q;
  $('#f-withf').checked = S.withf;
}
function resetFilters(render) {
  S.fam.clear(); S.sev.clear(); S.rule = ''; S.lang = ''; S.q = ''; S.withf = false; S.page = 0;
  if (render) refresh(); else recompute();
}
$('#f-rule').addEventListener('change', function (ev) { S.rule = ev.target.value; S.page = 0; refresh(); });
$('#f-lang').addEventListener('change', function (ev) { S.lang = ev.target.value; S.page = 0; refresh(); });
$('#f-withf').addEventListener('change', function (ev) { S.withf = ev.target.checked; S.page = 0; refresh(); });
var qTimer = null;
$('#f-path').addEventListener('input', function (ev) {
  clearTimeout(qTimer);
  qTimer = setTimeout(function () { S.q = ev.target.value; S.page = 0; refresh(); }, 150);
});
document.addEventListener('change', function (ev) {
  if (ev.target.id === 'per') { S.per = +ev.target.value; S.page = 0; renderBody(); }
});

refresh();
var m = /^#doc-(\d+)$/.exec(location.hash);
if (m && +m[1] < ND) openDoc(+m[1], true);
window.hygieneReport = {ready: performance.now(), initMs: performance.now() - T0, documents: ND,
                        openDoc: openDoc};
document.documentElement.setAttribute('data-ready', '1');
})();
"""
