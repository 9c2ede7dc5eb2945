"""The data every part of hygiene passes around: documents, findings, fixes."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}

FAMILIES = (
    "placeholder",
    "boilerplate",
    "caption",
    "translation",
    "attribution",
    "encoding",
    "corpus",
    "source",
)


class Applicability(str, Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``text[start:end]`` with ``content`` (0-based ``str`` offsets)."""

    start: int
    end: int
    content: str = ""

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "content": self.content}


@dataclass(frozen=True)
class Fix:
    applicability: Applicability
    message: str
    edits: tuple[Edit, ...]

    @classmethod
    def safe(cls, message: str, *edits: Edit) -> Fix:
        return cls(Applicability.SAFE, message, tuple(edits))

    @classmethod
    def unsafe(cls, message: str, *edits: Edit) -> Fix:
        return cls(Applicability.UNSAFE, message, tuple(edits))

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE

    def to_dict(self) -> dict:
        return {
            "applicability": self.applicability.value,
            "message": self.message,
            "edits": [e.to_dict() for e in self.edits],
        }


@dataclass(slots=True)  # a large run holds hundreds of thousands
class Finding:
    code: str
    rule: str
    family: str
    severity: Severity
    message: str
    start: int | None = None
    end: int | None = None
    fix: Fix | None = None
    path: str = ""
    # Filled in by the engine from the document's line index.
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    record: dict | None = None  # JSONL: {"line": n, "id": ...}
    extra: dict = field(default_factory=dict)
    # The flagged line's text, for reports that show it once the document text is gone.
    context: str | None = field(default=None, repr=False, compare=False)

    @property
    def is_document_level(self) -> bool:
        return self.start is None

    def sort_key(self) -> tuple:
        rec = (self.record or {}).get("line") or 0
        return (self.path, rec, self.start if self.start is not None else -1, self.code)

    def to_dict(self) -> dict:
        d = {
            "path": self.path,
            "code": self.code,
            "rule": self.rule,
            "family": self.family,
            "severity": self.severity.value,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "fix": self.fix.to_dict() if self.fix else None,
        }
        if self.record is not None:
            d["record"] = self.record
        if self.extra:
            d["extra"] = self.extra
        return d


@dataclass
class Document:
    """One article: decoded text plus what rules need to know about it."""

    path: str
    text: str
    language: str | None = None
    record: dict | None = None  # JSONL position, when the document is a record
    source: str = "text"  # "text", "html" (extracted text), "jsonl"
    # Per-document memo for rules (normalised lines and the like); never serialised.
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        return starts

    def line_index(self, offset: int) -> int:
        """0-based index of the line holding ``offset``."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based offset."""
        idx = bisect.bisect_right(self.line_starts, offset) - 1
        return idx + 1, offset - self.line_starts[idx] + 1

    @cached_property
    def norms(self) -> list[str]:
        """Each line with its whitespace runs made single spaces and casefolded ("" if blank):
        what rules compare when they look for a repeated line."""
        return ["" if ln.blank else " ".join(ln.text.split()).casefold() for ln in self.lines]

    @cached_property
    def lines(self) -> list[Line]:
        """Lines without their terminators, with offsets into ``text``."""
        text = self.text
        out = []
        starts = self.line_starts
        for n, s in enumerate(starts):
            e = starts[n + 1] - 1 if n + 1 < len(starts) else len(text)
            content_end = e - 1 if e > s and text[e - 1] == "\r" else e
            out.append(Line(n, s, content_end, text[s:content_end]))
        return out


class Line:
    """One line of a document, without its terminator. A plain slotted class, not a frozen
    dataclass: documents build forty of these each and rules ask ``blank`` hundreds of times."""

    __slots__ = ("index", "start", "end", "text", "blank")

    def __init__(self, index: int, start: int, end: int, text: str):
        self.index = index  # 0-based
        self.start = start
        self.end = end  # end of content, before any \r\n or \n
        self.text = text
        self.blank = not text or text.isspace()

    @property
    def stripped(self) -> str:
        return self.text.strip()

    def __eq__(self, other) -> bool:
        return isinstance(other, Line) and (self.index, self.start, self.end, self.text) == (
            other.index, other.start, other.end, other.text)

    def __hash__(self) -> int:
        return hash((self.index, self.start, self.text))

    def __repr__(self) -> str:
        return f"Line({self.index}, {self.start}, {self.end}, {self.text!r})"


@dataclass(frozen=True)
class RuleDocs:
    what: str = ""
    why: str = ""
    example: str = ""
    use_instead: str = ""
    fix_safety: str = ""
    languages: str = ""


@dataclass
class RuleMeta:
    """What ``hygiene rules`` lists and ``hygiene rule CODE`` prints."""

    code: str
    name: str
    family: str
    severity: Severity
    fixable: str  # "always", "sometimes", "never"
    languages: tuple[str, ...] = ("*",)
    docs: RuleDocs = field(default_factory=RuleDocs)
    origin: str = "builtin"
    examples: list = field(default_factory=list)
    scope: str = "document"  # or "corpus"
