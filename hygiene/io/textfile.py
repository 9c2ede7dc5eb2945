"""Exact decoding and re-encoding of text files: BOM, encoding and line endings are kept."""

from __future__ import annotations

import codecs
from dataclasses import dataclass


class InputError(Exception):
    """A file that cannot be read as text; ``str()`` is the one-line reason."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Encoding:
    name: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.name)


def decode(data: bytes) -> tuple[str, Encoding]:
    """Decode without touching line endings; refuse binary and undecodable input."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(name), Encoding(name, bom)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {name} at byte {exc.start + len(bom)}") from None
    if b"\x00" in data[:8192]:
        raise InputError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), Encoding("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid UTF-8 at byte {exc.start}") from None
