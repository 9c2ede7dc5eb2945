"""The linter: builds rules from plugins and packs, runs them on documents, applies fixes."""

from __future__ import annotations

import traceback
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from .config import Settings, severity_overrides
from .fixes import final_edits, select_fixes, splice
from .language import LanguageDetector
from .mentions import demote_mentions
from .model import Document, Finding, Severity
from .packs import PackError, load_pack, pack_files
from .plugins import get_plugin_manager
from .rule import CorpusRule, Rule
from .selection import ignored_for_path, is_enabled, severity_for, specificity, validate

MAX_FIX_PASSES = 10


@dataclass
class InternalError:
    path: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: internal error in rule {self.rule}: {self.message}"


@dataclass
class DocResult:
    document: Document
    findings: list[Finding]
    errors: list[InternalError] = field(default_factory=list)
    fixed_text: str | None = None  # set when fixes changed the text
    fixes_applied: int = 0
    passes: list[list] = field(default_factory=list)  # the edits applied, pass by pass
    score: float | None = None  # source-quality score, 0-100, when the score plugin runs
    found: dict = field(default_factory=dict)  # code -> count, before any fix
    chars: int = 0


class Linter:
    def __init__(self, settings: Settings | None = None):
        self.settings = settings = settings or Settings()
        self.pm = get_plugin_manager(settings.blocked_plugins)
        self.pm.hook.hygiene_configure(settings=settings)
        rules, profiles = self._load_packs()
        for batch in self.pm.hook.hygiene_register_rules(settings=settings):
            rules.extend(batch or [])
        self._check_codes(rules)
        self.all_rules = rules
        metas = [r.meta for r in rules]
        validate(settings.select, metas, "--select", settings)
        validate(settings.ignore, metas, "--ignore", settings)
        validate(settings.extend_select, metas, "--extend-select", settings)
        validate([c for _, codes in settings.per_file_ignores for c in codes], metas,
                 "per-file-ignores", settings)
        overrides = severity_overrides(settings)
        validate([s for s, _ in overrides], metas, "severity", settings)
        for r in rules:
            r.meta.severity = severity_for(r.meta, overrides)
        enabled = [
            r for r in rules
            if is_enabled(r.meta, settings.select, settings.ignore, settings.extend_select)
        ]
        self.rules = [r for r in enabled if isinstance(r, Rule) or hasattr(r, "check")]
        self.rules = [r for r in self.rules if not isinstance(r, CorpusRule)]
        self.corpus_rules = [r for r in enabled if isinstance(r, CorpusRule)]
        self.detector = LanguageDetector(profiles)
        self._languages: set[str | None] = set()
        self._quoting = frozenset(r.meta.code for r in self.rules
                                  if getattr(r, "quotes_are_artefacts", False))
        for r in self.rules:
            if hasattr(r, "detector"):
                r.detector = self.detector

    def _load_packs(self):
        paths = [p for batch in self.pm.hook.hygiene_register_packs() for p in (batch or [])]
        rules, profiles = [], {}
        from .packs import builtin_pack_files

        ours = set(builtin_pack_files())
        for f in pack_files(paths):
            pack = load_pack(f, origin="builtin" if f in ours else f"plugin pack {f}")
            rules.extend(pack.rules)
            profiles.update(pack.languages)
        for f in pack_files(list(self.settings.rule_packs)):
            pack = load_pack(f, origin=f"pack {f}")
            rules.extend(pack.rules)
            profiles.update(pack.languages)
        return rules, profiles

    @staticmethod
    def _check_codes(rules) -> None:
        seen: dict[str, str] = {}
        for r in rules:
            where = r.meta.origin
            if r.meta.code in seen:
                raise PackError(
                    f"rule code {r.meta.code} is defined twice ({seen[r.meta.code]}; {where})"
                )
            seen[r.meta.code] = where

    # -- documents ------------------------------------------------------------------------

    def detect_language(self, text: str) -> str | None:
        if self.settings.language:
            return self.settings.language
        lang = self.pm.hook.hygiene_detect_language(text=text, settings=self.settings)
        return lang or self.detector.detect(text)

    def prepare(self, doc: Document) -> Document:
        if doc.language is None:
            doc.language = self.detect_language(doc.text)
        return doc

    def check(self, doc: Document) -> DocResult:
        self.prepare(doc)
        if doc.language not in self._languages:
            self._languages.add(doc.language)
            for rule in self.rules:
                prepare = getattr(rule, "prepare_language", None)  # plugins need not subclass
                try:
                    if prepare is not None:
                        prepare(doc.language or "")
                except Exception:  # nothing lost: the rule's check meets it and reports it
                    pass
        findings: list[Finding] = []
        errors: list[InternalError] = []
        ignored = ignored_for_path(doc.path, self.settings.per_file_ignores,
                                   self.settings.config_path)
        for rule in self.rules:
            if ignored and any(specificity(s, rule.meta) for s in ignored):
                continue
            if not rule.applies_to(doc):
                continue
            try:
                findings.extend(rule.check(doc))
            except Exception as exc:  # a broken rule must not end the run
                errors.append(InternalError(doc.path, rule.meta.code, _describe(exc)))
        try:
            self.pm.hook.hygiene_document_checked(document=doc, findings=findings)
        except Exception as exc:
            errors.append(InternalError(doc.path, "hygiene_document_checked", _describe(exc)))
        for f in findings:
            f.path = doc.path
            f.record = doc.record
            if f.start is not None:
                f.line, f.column = doc.position(f.start)
                f.context = doc.lines[f.line - 1].text[:1000]
                f.end_line, f.end_column = doc.position(max(f.start, f.end - 1))
                f.end_column += 1 if f.end > f.start else 0
        findings = _one_per_artefact(findings, doc.text)
        demote_mentions(findings, doc.text, self._quoting)
        if doc.path.lower().endswith((".md", ".markdown")) and "hygiene:" in doc.text:
            findings = _drop_disabled(doc, findings)
        findings.sort(key=Finding.sort_key)
        res = DocResult(doc, findings, errors)
        res.found = dict(Counter(f.code for f in findings))
        self._score(res)
        return res

    def _score(self, res: DocResult) -> None:
        doc = res.document
        try:
            res.score = self.pm.hook.hygiene_score_document(
                document=doc, findings=res.findings, settings=self.settings)
        except Exception as exc:
            res.errors.append(InternalError(doc.path, "hygiene_score_document", _describe(exc)))
            return
        low = self.settings.min_quality
        if not any(r.meta.code == "Q001" for r in self.rules):
            return
        if res.score is not None and low is not None and res.score < low:
            res.findings.append(Finding(
                code="Q001", rule="low-source-quality", family="source",
                severity=Severity.ERROR, path=doc.path, record=doc.record,
                message=f"Source-quality score {res.score:g} is below --min-quality {low:g}",
                extra={"score": res.score},
            ))

    def fix(self, doc: Document, unsafe: bool = False) -> DocResult:
        """Lint, apply fixes, re-lint until nothing changes (bounded); report what remains."""
        given = doc.language is not None  # a caller's language is kept; a detected one is redone
        self.prepare(doc)
        original = doc.text
        current = doc
        applied = 0
        errors: list[InternalError] = []
        passes = []
        first = None
        for _ in range(MAX_FIX_PASSES):
            res = self.check(current)
            first = first or res
            errors.extend(res.errors)
            chosen = select_fixes(res.findings, unsafe)
            if not chosen:
                break
            edits = final_edits(current.text, [e for f in chosen for e in f.fix.edits])
            text = splice(current.text, edits)
            if text == current.text:
                break
            passes.append(edits)
            applied += len(chosen)
            # Detect the language again: removing a foreign block can change it, and a second
            # --fix run would otherwise see what this one did not.
            lang = doc.language if given else None
            current = self.prepare(Document(doc.path, text, lang, doc.record, doc.source))
        final = self.check(current)
        final.errors = _dedupe(errors + final.errors)
        final.fixes_applied = applied
        final.passes = passes
        # The score judges the source as it came, not what is left after fixing it.
        if first is not None and first is not final:
            final.score = first.score
            final.found = first.found
            final.findings = [f for f in final.findings if f.code != "Q001"] + [
                f for f in first.findings if f.code == "Q001"]
        final.fixed_text = current.text if current.text != original else None
        return final


_DIRECTIVE = None


def _drop_disabled(doc: Document, findings: list[Finding]) -> list[Finding]:
    """Markdown: ``<!-- hygiene: disable=CODE[,CODE] -->`` … ``<!-- hygiene: enable=CODE -->``
    (codes, prefixes, families or ALL; a disable without an enable runs to the end)."""
    global _DIRECTIVE
    import regex

    if _DIRECTIVE is None:
        _DIRECTIVE = regex.compile(r"<!--\s*hygiene:\s*(disable|enable)\s*=\s*([\w,\s]+?)\s*-->")
    regions: list[tuple[str, int, int]] = []
    open_at: dict[str, int] = {}
    for m in _DIRECTIVE.finditer(doc.text):
        for sel in (x.strip() for x in m.group(2).split(",") if x.strip()):
            if m.group(1) == "disable":
                open_at.setdefault(sel, m.start())
            elif sel in open_at:
                regions.append((sel, open_at.pop(sel), m.end()))
    regions += [(sel, start, len(doc.text)) for sel, start in open_at.items()]

    def disabled(f: Finding) -> bool:
        pos = f.start if f.start is not None else -1
        return any(a <= pos < b and specificity(sel, _MetaView(f)) for sel, a, b in regions)

    return [f for f in findings if not disabled(f)]


class _MetaView:
    """Just enough of a RuleMeta for ``specificity`` to judge a finding."""

    def __init__(self, f: Finding):
        self.code, self.name, self.family = f.code, f.rule, f.family


def _rank(f: Finding) -> tuple:
    fix = 0 if f.fix is not None and f.fix.is_safe else 1 if f.fix is not None else 2
    return (fix, -f.severity.rank, f.code)


def _one_per_artefact(findings: list[Finding], text: str) -> list[Finding]:
    """When several rules claim the same artefact for removal, report the best one only.

    A comment-form block and a post-meta rule can both claim "Reply"; the user needs one
    finding with the safest fix, not two that compete for the same edit. Findings claim the
    same artefact when the text their deletions remove overlaps (surrounding whitespace and
    line breaks aside, so a whole-line deletion with or without its line break is the same
    claim); two artefacts side by side on one line are two findings. A deletion of several
    lines wins over the deletions inside it; otherwise the safest fix wins (then severity, then
    code).
    """
    claims = []
    for f in findings:
        if f.start is None or f.fix is None or len(f.fix.edits) != 1:
            continue
        e = f.fix.edits[0]
        if e.content != "" or e.end <= e.start:
            continue
        a, b = _core(text, e.start, e.end)
        if a < b:
            claims.append((f, a, b, "\n" in text[a:b]))
    if len(claims) < 2:
        return findings
    blocks = [(a, b) for _, a, b, multi in claims if multi]

    def order(claim):
        f, a, b, multi = claim
        # Blocks first, outer blocks before the blocks inside them; then by the fix's worth.
        depth = sum(x <= a and b <= y and (x, y) != (a, b) for x, y in blocks) if multi else 0
        return (not multi, depth, _rank(f), a, -b)

    # Kept spans never overlap, so sorted by start only the neighbours of a new span can
    # overlap it (a scan over all of them was quadratic on a long document).
    starts: list[int] = []
    ends: list[int] = []
    drop = set()
    for f, a, b, _ in sorted(claims, key=order):
        i = bisect_right(starts, a)
        if (i > 0 and ends[i - 1] > a) or (i < len(starts) and starts[i] < b):
            drop.add(id(f))
        else:
            starts.insert(i, a)
            ends.insert(i, b)
    return [f for f in findings if id(f) not in drop]


def _core(text: str, start: int, end: int) -> tuple[int, int]:
    """``start, end`` without the whitespace (line breaks included) at either edge."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _describe(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" ({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}"


def _dedupe(errors: list[InternalError]) -> list[InternalError]:
    seen, out = set(), []
    for e in errors:
        key = (e.path, e.rule, e.message)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
