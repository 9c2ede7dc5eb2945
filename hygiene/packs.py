"""Loads rule packs: TOML files under ``rules/`` that define rules as data.

A pack is a file with an optional ``[pack]`` table and ``[[rule]]`` tables. Each rule names a
``kind`` (a mechanism in ``hygiene.kinds``) and supplies that kind's data. Errors name the file and
the line of the offending rule.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import regex

from .model import FAMILIES, RuleDocs, RuleMeta, Severity

COMMON_KEYS = {
    "code", "name", "kind", "family", "severity", "fix", "message", "fix_message",
    "languages", "what", "why", "fix_safety", "examples",
}
_CODE = regex.compile(r"^[A-Z]{1,3}[0-9]{3}$")
_NAME = regex.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class PackError(Exception):
    """A broken rule pack; ``str()`` is a one-line message naming the file and line."""


@dataclass
class RuleSpec:
    data: dict
    path: str
    line: int

    def error(self, msg: str) -> PackError:
        code = self.data.get("code", "?")
        return PackError(f"{self.path}:{self.line}: rule {code}: {msg}")


def builtin_pack_files() -> list[Path]:
    root = resources.files("hygiene") / "rules"
    if not root.is_dir():  # running from a source checkout without the build mapping
        root = Path(__file__).resolve().parent.parent / "rules"
    return sorted(Path(str(root)).rglob("*.toml"))


def pack_files(paths: list[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.rglob("*.toml")))
        elif p.is_file():
            out.append(p)
        else:
            raise PackError(f"{p}: rule pack not found")
    return out


@dataclass
class Pack:
    path: str
    rules: list
    languages: dict[str, set[str]]


def load_pack(path: Path, origin: str = "builtin") -> Pack:
    from .kinds import KINDS

    try:
        raw = path.read_text(encoding="utf-8")
        data, line_of = _parsed(path, raw)
    except UnicodeDecodeError:
        raise PackError(f"{path}: rule pack is not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise PackError(f"{path}: cannot read rule pack: {exc.strerror}") from None
    unknown = set(data) - {"pack", "rule", "language"}
    if unknown:
        raise PackError(f"{path}:1: unknown top-level table {sorted(unknown)[0]!r}")
    rules = data.get("rule", [])
    if not isinstance(rules, list):
        raise PackError(f"{path}:1: 'rule' must be an array of tables ([[rule]])")
    out = []
    for i, r in enumerate(rules):
        spec = RuleSpec(r, str(path), line_of[i] if i < len(line_of) else 1)
        kind = r.get("kind")
        if kind not in KINDS:
            raise spec.error(f"unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})")
        cls = KINDS[kind]
        extra = set(r) - COMMON_KEYS - cls.KEYS
        if extra:
            raise spec.error(f"unknown key {sorted(extra)[0]!r} for kind {kind!r}")
        meta = build_meta(spec, cls, origin)
        try:
            out.append(cls(meta, spec))
        except PackError:
            raise
        except (regex.error, TypeError, ValueError, KeyError) as exc:
            raise spec.error(f"invalid {kind} rule: {exc}") from None
    return Pack(str(path), out, _languages(data.get("language", {}), path))


def _parsed(path: Path, raw: str) -> tuple[dict, list[int]]:
    """The pack's TOML and each rule's line number. Parsing the built-in packs is a tenth of
    a pre-commit run's start-up, so the result is cached, keyed by the text itself."""
    import hashlib
    import pickle

    from .wordlist import cache_dir, write_cache_file

    digest = hashlib.blake2b(raw.encode("utf-8"), digest_size=16).hexdigest()
    cached = cache_dir() / "packs" / f"{digest}.pickle"
    try:
        return pickle.loads(cached.read_bytes())
    except Exception:  # missing, unreadable or from another Python: parse again
        pass
    data = tomllib.loads(raw)
    got = (data, _rule_lines(raw))
    try:
        write_cache_file(cached, pickle.dumps(got, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
    return got


def _languages(table, path: Path) -> dict[str, set[str]]:
    out = {}
    for lang, prof in table.items():
        words = prof.get("stopwords") if isinstance(prof, dict) else None
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise PackError(f"{path}: language {lang}: stopwords must be a list of strings")
        out[lang] = set(words)
    return out


def _rule_lines(raw: str) -> list[int]:
    return [n for n, ln in enumerate(raw.splitlines(), 1)
            if ln.split("#", 1)[0].strip().replace(" ", "") == "[[rule]]"]


def build_meta(spec: RuleSpec, cls, origin: str) -> RuleMeta:
    r = spec.data
    for key in ("code", "name", "family", "message"):
        if not isinstance(r.get(key), str) or not r[key]:
            raise spec.error(f"missing or empty {key!r}")
    if not _CODE.match(r["code"]):
        raise spec.error("code must be 1-3 capital letters and 3 digits, like B101")
    if not _NAME.match(r["name"]):
        raise spec.error("name must be kebab-case, like comment-form")
    if r["family"] not in FAMILIES:
        raise spec.error(f"family must be one of {', '.join(FAMILIES)}")
    try:
        severity = Severity(r.get("severity", "warning"))
    except ValueError:
        raise spec.error("severity must be info, warning or error") from None
    fix = r.get("fix", "none")
    if fix not in ("safe", "unsafe", "none"):
        raise spec.error("fix must be safe, unsafe or none")
    langs = r.get("languages") or cls.languages_of(r) or ["*"]
    examples = r.get("examples", [])
    if not isinstance(examples, list) or not all(isinstance(e, dict) for e in examples):
        raise spec.error("examples must be an array of tables")
    for e in examples:
        bad = set(e) - {"lang", "text", "flag", "fixed", "note"}
        if bad or "text" not in e or "flag" not in e:
            raise spec.error("each example needs text and flag (and may have lang, fixed, note)")
    docs = RuleDocs(
        what=r.get("what", ""),
        why=r.get("why", ""),
        fix_safety=r.get("fix_safety", _default_fix_safety(fix)),
    )
    return RuleMeta(
        code=r["code"],
        name=r["name"],
        family=r["family"],
        severity=severity,
        fixable={"safe": "always", "unsafe": "always", "none": "never"}[fix],
        languages=tuple(sorted(langs)),
        docs=docs,
        origin=origin,
        examples=examples,
    )


def _default_fix_safety(fix: str) -> str:
    return {
        "safe": "The fix is safe: it removes or rewrites only the artefact itself.",
        "unsafe": "The fix is unsafe: the match is heuristic, so review it "
        "(applied only with --unsafe-fixes).",
        "none": "No automatic fix: the finding is a flag for a person to review.",
    }[fix]
