"""Exact decoding and re-encoding of text files: BOM, encoding and line endings are kept.

UTF-8 (with or without a BOM) and UTF-16/32 with a BOM are read directly; a file that is not
UTF-8 is given to charset-normalizer, and its guess is used only when decoding and encoding
again gives back the very same bytes, so a fix never changes a byte outside its edits. A file
that is mostly valid UTF-8 with some bad bytes is damaged UTF-8, not a legacy file: refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache


class InputError(Exception):
    """A file that cannot be read (or written back) as text; ``str()`` is the one-line reason."""


_BOMS = (  # UTF-32 first: its little-endian BOM begins with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Encodings with shift states or without a BOM rewrite bytes around an edit; never guess them.
_NOT_GUESSED = ("utf", "iso2022", "hz")

# A non-ASCII character that is not an undecodable byte (surrogateescape puts those at DC80-DCFF).
_UTF8_CHAR = re.compile("[^\x00-\x7f\udc80-\udcff]")
_BAD_BYTE = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class Encoding:
    name: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        try:
            return self.bom + text.encode(self.name)
        except UnicodeEncodeError as exc:
            raise InputError(f"the fixed text cannot be written in {self.name} "
                             f"({text[exc.start]!r} is not in it); not rewritten") from None


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
        bad = exc.start
    if _mostly_utf8(data):  # damaged UTF-8: a legacy guess would garble the rest of the file
        raise InputError(f"invalid UTF-8 at byte {bad}")
    name = _guess(data)
    if name is None:
        raise InputError(f"invalid UTF-8 at byte {bad}, and no other encoding fits")
    text = data.decode(name)
    if text.encode(name) != data:
        raise InputError(f"not UTF-8, and {name} (the likeliest encoding) does not give back "
                         "the same bytes; not read")
    return text, Encoding(name)


def _mostly_utf8(data: bytes) -> bool:
    text = data.decode("utf-8", "surrogateescape")
    good = sum(1 for _ in _UTF8_CHAR.finditer(text))
    return good > 0 and good >= sum(1 for _ in _BAD_BYTE.finditer(text))


# Short texts often leave several encodings tied (each reads "é" as some letter); among those,
# prefer the ones corpora are really written in, Western and Central European first.
_COMMON = tuple(codecs.lookup(n).name for n in (
    "cp1252", "cp1250", "cp1251", "cp1254", "cp1253", "cp1257", "iso8859-15", "koi8-r",
    "cp1255", "cp1256", "cp874", "cp932", "gb18030", "big5", "cp949",
))


@lru_cache(maxsize=1)  # the same bytes are decoded again when the fix is written back
def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    tied = [m for m in matches if not matches[0] < m]
    name = min((codecs.lookup(m.encoding).name for m in tied), key=_rank)
    if name.startswith(_NOT_GUESSED):
        return None
    try:
        data.decode(name)
    except UnicodeDecodeError:
        return None
    return name


def _rank(name: str) -> int:
    return _COMMON.index(name) if name in _COMMON else len(_COMMON)
