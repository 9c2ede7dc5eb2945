"""``lint_records()``: hygiene as a plain generator over dicts, for any data engine.

No file I/O, no processes: hand it an iterable of records (dicts with the article in a text
field) and get one result per record. Build it into Dask, Spark, Ray Data or a hand-written loop
(recipes in the README); the linter is built once per process and reused.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .config import Settings
from .model import Document


def lint_records(
    records: Iterable[dict],
    text_field: str = "text",
    id_field: str | None = None,
    fix: bool = False,
    unsafe: bool = False,
    settings: Settings | None = None,
) -> Iterator[dict]:
    """Yield, per record: ``record`` (the input dict, its text replaced by the fixed text when
    ``fix`` and something changed), ``findings`` (JSON-ready dicts of what remains), ``codes``
    (a count per rule code of what was found, fixed or not), ``score`` (the source-quality score) and ``changed``."""
    from .api import default_linter

    linter = default_linter(settings)
    for n, record in enumerate(records, 1):
        text = record.get(text_field)
        if not isinstance(text, str):
            yield {"record": record, "findings": [], "codes": {}, "score": None,
                   "changed": False, "error": f"no string field {text_field!r}"}
            continue
        rid = record.get(id_field) if id_field else None
        doc = Document("<record>", text, record={"line": n, "id": rid})
        res = linter.fix(doc, unsafe=unsafe) if fix else linter.check(doc)
        changed = res.fixed_text is not None
        if changed:
            record = {**record, text_field: res.fixed_text}
        yield {
            "record": record,
            "findings": [f.to_dict() for f in res.findings],
            "codes": dict(res.found),
            "score": res.score,
            "changed": changed,
        }
