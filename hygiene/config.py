"""Settings: ``[tool.hygiene]`` in pyproject.toml or ``hygiene.toml``, then command-line options."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from .model import Severity


class ConfigError(Exception):
    """A bad configuration; ``str()`` is a one-line message naming the file."""


DEFAULT_INCLUDE = ("*.txt", "*.md", "*.html", "*.htm", "*.jsonl", "*.jsonl.gz", "*.json.gz")


@dataclass(frozen=True)
class Settings:
    """Everything a run needs; picklable, so worker processes can rebuild the linter from it."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rule_packs: tuple[str, ...] = ()
    language: str | None = None
    severity: tuple[tuple[str, str], ...] = ()
    fail_on: str = "warning"
    include: tuple[str, ...] = DEFAULT_INCLUDE
    extend_include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    text_field: str = "text"
    id_field: str | None = None
    blocked_plugins: tuple[str, ...] = ()
    config_path: str | None = None
    config_selectors: tuple[str, ...] = ()  # selectors written in the config file
    min_quality: float | None = None
    outlets: tuple[tuple[str, float], ...] = ()  # source name or domain -> score adjustment
    repeated_line_min_docs: int = 5
    max_size: int = 50 * 2**20  # bytes per document; 0 = no limit
    timeout: float = 60.0  # seconds per document; 0 = no limit

    def with_options(self, **kw) -> Settings:
        return replace(self, **{k: v for k, v in kw.items() if v is not None})

    @property
    def fail_severity(self) -> Severity:
        return Severity(self.fail_on)


_KEYS = {
    "select": "select",
    "ignore": "ignore",
    "extend-select": "extend_select",
    "per-file-ignores": "per_file_ignores",
    "rule-packs": "rule_packs",
    "language": "language",
    "severity": "severity",
    "fail-on": "fail_on",
    "include": "include",
    "extend-include": "extend_include",
    "exclude": "exclude",
    "text-field": "text_field",
    "id-field": "id_field",
    "min-quality": "min_quality",
    "outlets": "outlets",
    "repeated-line-min-docs": "repeated_line_min_docs",
    "max-size": "max_size",
    "timeout": "timeout",
}


def find_config(start: Path) -> Path | None:
    """The nearest hygiene.toml, or pyproject.toml with a [tool.hygiene] table, walking up."""
    start = start.resolve()
    d = start if start.is_dir() else start.parent
    for folder in (d, *d.parents):
        own = folder / "hygiene.toml"
        if own.is_file():
            return own
        py = folder / "pyproject.toml"
        if py.is_file() and _has_tool_table(py):
            return py
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        return "hygiene" in tomllib.loads(raw).get("tool", {})
    except tomllib.TOMLDecodeError as exc:
        if "[tool.hygiene" in raw:  # meant for us: say so rather than drop the settings
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        return False


def load_settings(path: Path | None) -> Settings:
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    table = data.get("tool", {}).get("hygiene", {}) if path.name == "pyproject.toml" else data
    return settings_from_table(table, path)


def settings_from_table(table: dict, path: Path) -> Settings:
    kw: dict = {"config_path": str(path)}
    for key, value in table.items():
        if key not in _KEYS:
            raise ConfigError(f"{path}: unknown key {key!r} in hygiene settings")
        attr = _KEYS[key]
        if attr == "per_file_ignores":
            _check(isinstance(value, dict), path, key, "a table of glob = [codes]")
            kw[attr] = tuple((g, tuple(_strings(v, path, key))) for g, v in value.items())
        elif attr == "severity":
            _check(isinstance(value, dict), path, key, "a table of code-or-family = level")
            for sel, level in value.items():
                _check(level in ("info", "warning", "error"), path, f"severity.{sel}",
                       "info, warning or error")
            kw[attr] = tuple(value.items())
        elif attr == "min_quality":
            _check(isinstance(value, (int, float)) and 0 <= value <= 100, path, key,
                   "a number from 0 to 100")
            kw[attr] = float(value)
        elif attr == "repeated_line_min_docs":
            _check(isinstance(value, int) and value >= 2, path, key, "a whole number of 2 or more")
            kw[attr] = value
        elif attr == "max_size":
            try:
                kw[attr] = parse_size(value)
            except ValueError as exc:
                raise ConfigError(f"{path}: {key} must be {exc}") from None
        elif attr == "timeout":
            _check(isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0,
                   path, key, "a number of seconds (0: no limit)")
            kw[attr] = float(value)
        elif attr == "outlets":
            _check(isinstance(value, dict) and all(isinstance(v, (int, float))
                                                   for v in value.values()),
                   path, key, "a table of name-or-domain = score adjustment")
            kw[attr] = tuple((k, float(v)) for k, v in value.items())
        elif attr == "rule_packs":
            kw[attr] = tuple(str((path.parent / p).resolve()) for p in _strings(value, path, key))
        elif attr in ("language", "fail_on", "text_field", "id_field"):
            _check(isinstance(value, str), path, key, "a string")
            if attr == "fail_on":
                _check(value in ("info", "warning", "error"), path, key, "info, warning or error")
            kw[attr] = value
        else:
            kw[attr] = tuple(_strings(value, path, key))
    sels = [*kw.get("select", ()), *kw.get("ignore", ()), *kw.get("extend_select", ())]
    sels += [c for _, codes in kw.get("per_file_ignores", ()) for c in codes]
    sels += [sel for sel, _ in kw.get("severity", ())]
    kw["config_selectors"] = tuple(sels)
    return Settings(**kw)


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?", re.IGNORECASE)
_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}


def parse_size(value) -> int:
    """Bytes from ``1000000``, ``"500k"``, ``"50MB"`` or ``"1 GiB"`` (binary units); 0 = no
    limit. ValueError says what is expected."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    m = _SIZE.fullmatch(value.strip()) if isinstance(value, str) else None
    if m is None:
        raise ValueError("a size in bytes or with K, M or G (e.g. 50MB; 0: no limit)")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def _strings(value, path, key) -> list[str]:
    _check(isinstance(value, list) and all(isinstance(v, str) for v in value), path, key,
           "a list of strings")
    return value


def _check(ok: bool, path, key, what) -> None:
    if not ok:
        raise ConfigError(f"{path}: {key} must be {what}")


def severity_overrides(settings: Settings) -> list[tuple[str, Severity]]:
    return [(sel, Severity(level)) for sel, level in settings.severity]
