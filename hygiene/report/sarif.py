"""SARIF 2.1.0 output, for code-scanning dashboards (GitHub, GitLab, Azure DevOps, IDE viewers).

One run: ``tool.driver`` describes every rule that has findings (documentation included), and
each finding becomes a result with its location and, when it has one, its fix as a SARIF
``fix`` (character-offset replacements). Columns and character offsets count Unicode code
points (``run.columnKind``), like hygiene's own offsets.

Where SARIF positions would point at the wrong characters, they are left out and kept in the
result's properties (``textRegion``) instead: for HTML files, findings point into the article
text trafilatura extracted, not into the HTML; for JSONL records, into the record's text field
(the region then gives only the record's line). For the same reason their results carry no
SARIF fix: HTML is never rewritten, and a record's fix edits its JSON-escaped text field, which
a replacement in the file's characters cannot express.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..io.readers import HTML_SUFFIXES

SCHEMA_URI = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
              "sarif-schema-2.1.0.json")
SRCROOT = "%SRCROOT%"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
# What GitHub code scanning shows as the alert's severity for non-security tools.
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
_SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")


def write(result, stream, options) -> None:
    json.dump(sarif_log(result, options), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def sarif_log(result, options: dict | None = None, rules: dict | None = None,
              root: Path | None = None) -> dict:
    """The SARIF log of a :class:`hygiene.run.RunResult`.

    :param rules: ``{code: rule}`` to describe the rules from; by default the rules of
        :func:`hygiene.api.default_linter` (findings of rules it does not know, such as those of
        a ``--rule-pack``, are described from the findings themselves).
    :param root: the folder relative paths are relative to (the current one by default).
    """
    root = Path.cwd() if root is None else root
    known = _known_rules() if rules is None else rules
    pairs = [(f, r.document) for r in result.results for f in r.findings]
    # Findings of corpus rules (across documents) belong to no single checked document.
    pairs += [(f, None) for f in getattr(result, "corpus_findings", None) or ()]

    first: dict[str, object] = {}
    for f, _ in pairs:
        first.setdefault(f.code, f)
    codes = sorted(first)
    index = {code: i for i, code in enumerate(codes)}

    run = {
        "tool": {"driver": _driver([_descriptor(c, known.get(c), first[c]) for c in codes])},
        "invocations": [_invocation(result)],
        "originalUriBaseIds": {SRCROOT: {"uri": root.resolve().as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, doc, index[f.code], root) for f, doc in pairs],
        "properties": {"summary": result.summary()},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


# -- tool -----------------------------------------------------------------------------------


def _known_rules() -> dict:
    try:
        from ..api import default_linter

        return {r.meta.code: r for r in default_linter().all_rules}
    except Exception:  # noqa: BLE001 - the findings alone still make a valid report
        return {}


def _driver(rules: list[dict]) -> dict:
    driver = {"name": "hygiene", "fullName": f"hygiene {__version__}", "version": __version__}
    if _SEMVER.match(__version__):
        driver["semanticVersion"] = __version__
    uri = _information_uri()
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = rules
    return driver


def _information_uri() -> str | None:
    """The project's URL from the installed distribution's metadata, if it declares one."""
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        md = metadata("hygiene")
    except (ImportError, PackageNotFoundError):
        return None
    urls = {}
    for entry in md.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        urls[label.strip().lower()] = url.strip()
    for label in ("documentation", "homepage", "home", "repository", "source"):
        if urls.get(label, "").startswith(("https://", "http://")):
            return urls[label]
    home = md.get("Home-page") or ""
    return home if home.startswith(("https://", "http://")) else None


def _descriptor(code: str, rule, finding) -> dict:
    """A reportingDescriptor: from the rule's metadata and docs, or from a finding alone."""
    if rule is None:
        return {
            "id": code,
            "name": finding.rule,
            "shortDescription": {"text": finding.rule},
            "defaultConfiguration": {"level": LEVEL[finding.severity.value]},
            "properties": {"family": finding.family, "tags": [finding.family],
                           "problem.severity": PROBLEM_SEVERITY[finding.severity.value]},
        }
    from ..docs import rule_doc

    m = rule.meta
    sections = rule_doc(rule)
    what, why = m.docs.what.strip(), m.docs.why.strip()
    d = {
        "id": m.code,
        "name": m.name,
        "shortDescription": {"text": _first_sentence(what) or m.name},
        "fullDescription": {"text": " ".join(x for x in (what, why) if x) or m.name},
        "help": {"text": _help_text(sections), "markdown": _help_markdown(m, sections)},
        "defaultConfiguration": {"level": LEVEL[m.severity.value]},
        "properties": {
            "family": m.family,
            "tags": [m.family],
            "fixable": m.fixable,
            "languages": list(m.languages),
            "origin": m.origin,
            "problem.severity": PROBLEM_SEVERITY[m.severity.value],
        },
    }
    return d


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?[.!?])(?:\s|$)", " ".join(text.split()))
    return m.group(1) if m else " ".join(text.split())


def _help_text(sections: dict[str, str]) -> str:
    return "\n\n".join(f"{title}\n{body}" for title, body in sections.items() if body)


def _help_markdown(meta, sections: dict[str, str]) -> str:
    head = (f"**{meta.name}** ({meta.code}) · family: {meta.family} · "
            f"severity: {meta.severity.value} · fix: {meta.fixable}")
    out = [head]
    for title, body in sections.items():
        if not body:
            continue
        if title in ("Example", "Use instead") and not body.startswith("("):
            fence = "`" * max(3, _longest_backtick_run(body) + 1)
            body = f"{fence}text\n{body}\n{fence}"
        out.append(f"## {title}\n\n{body}")
    return "\n\n".join(out)


def _longest_backtick_run(text: str) -> int:
    return max((len(m) for m in re.findall(r"`+", text)), default=0)


# -- results --------------------------------------------------------------------------------


def _invocation(result) -> dict:
    inv = {"executionSuccessful": not result.errors}
    if result.errors:
        inv["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": e}} for e in result.errors
        ]
    return inv


def _artifact_location(path: str, root: Path) -> dict:
    if path in ("-", ""):
        return {"uri": "stdin", "description": {"text": "standard input"}}
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(root.resolve())
        except ValueError:
            return {"uri": p.as_uri()}
    rel = os.path.normpath(p).replace(os.sep, "/")
    return {"uri": quote(rel, safe="/"), "uriBaseId": SRCROOT}


def _result(f, doc, rule_index: int, root: Path) -> dict:
    art = _artifact_location(f.path, root)
    physical: dict = {"artifactLocation": art}
    props: dict = {"family": f.family, "rule": f.rule}
    if f.record is not None:
        props["record"] = f.record
    html = doc.source == "html" if doc is not None else f.path.lower().endswith(HTML_SUFFIXES)
    exact = not html and f.record is None  # offsets are offsets into the file itself
    if f.start is not None:
        span = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line,
                "endColumn": f.end_column, "charOffset": f.start, "charLength": f.end - f.start}
        if exact:
            physical["region"] = span
            snippet = _snippet(f, doc)
            if snippet is not None:
                span["snippet"] = {"text": snippet}
        else:
            what = "the extracted article text" if html else "the record's text"
            props["textRegion"] = {**span, "in": what}
            if f.record is not None and isinstance(f.record.get("line"), int):
                physical["region"] = {"startLine": f.record["line"]}
    res = {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity.value],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": physical}],
    }
    if f.fix is not None:
        props["fixApplicability"] = f.fix.applicability.value
        if exact and f.fix.edits:
            res["fixes"] = [_fix(f.fix, art)]
    res["properties"] = props
    return res


def _snippet(f, doc) -> str | None:
    """The flagged text: from the document, or from the flagged line once the text is gone."""
    text = doc.text if doc is not None else ""
    if text and f.end <= len(text):
        return text[f.start:f.end]
    context = getattr(f, "context", None)
    if context is not None and f.line == f.end_line and f.end_column - 1 <= len(context):
        return context[f.column - 1:f.end_column - 1]
    return None


def _fix(fix, art: dict) -> dict:
    kind = fix.applicability.value
    how = "applied by --fix" if fix.is_safe else "applied only with --fix --unsafe-fixes"
    return {
        "description": {"text": f"{fix.message} ({kind} fix, {how})"},
        "artifactChanges": [{
            "artifactLocation": art,
            "replacements": [
                {"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                 "insertedContent": {"text": e.content}}
                for e in fix.edits
            ],
        }],
        "properties": {"applicability": kind},
    }
