"""The JSON contract (see README): ``{"findings": [...], "summary": {...}}``, or JSONL."""

from __future__ import annotations

import json


def write(result, stream, options) -> None:
    doc = {"findings": [f.to_dict() for f in result.findings], "summary": result.summary()}
    json.dump(doc, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def write_jsonl(result, stream, options) -> None:
    for f in result.findings:
        stream.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
