"""Word frequencies (zipf scale) per language, compact and cached on disk.

wordfreq's ``large`` lists take ~0.5 s to import and load per language and ~40 MB each once
loaded (390 MB for ten languages, more than hygiene's whole memory budget), while the rules only
ask how frequent a single word is. So the first use of a language reads wordfreq's list once and
keeps two arrays: sorted 64-bit hashes of the words and their zipf values in tenths (~4.5 MB per
language). They are written to the cache directory (``$HYGIENE_CACHE_DIR``, else
``$XDG_CACHE_HOME/hygiene``, else ``~/.cache/hygiene``), so later runs load them in
milliseconds without importing wordfreq. The data stays wordfreq's: nothing is shipped.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from array import array
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

import regex

_FORMAT = b"hygiene-zipf-1\n"
_TOKEN = regex.compile(r"\w+")
_tables: dict[str, tuple[array, array]] = {}


def zipf(word: str, lang: str) -> float:
    """wordfreq's zipf frequency of ``word`` in ``lang`` (0 for an unknown word), to 0.1."""
    return _zipf(word, lang)


@lru_cache(maxsize=200_000)
def _zipf(word: str, lang: str) -> float:
    if lang in ("tr", "az"):  # dotted and dotless i: "İzmir" is "izmir", "IŞIK" is "ışık"
        word = word.replace("İ", "i").replace("I", "ı")
    key = unicodedata.normalize("NFC", word.casefold())
    hashes, values = _table(lang)
    whole = _lookup(hashes, values, key)  # wordfreq keeps some tokens whole ("brazil's")
    tokens = _TOKEN.findall(key)
    if whole or len(tokens) < 2:
        return whole if tokens else 0.0
    # Several tokens ("bankier.pl"): as rare as the rarest of them, as wordfreq roughly does.
    best = None
    for tok in tokens:
        z = _lookup(hashes, values, tok)
        best = z if best is None else min(best, z)
    return best or 0.0


def release() -> None:
    """Drop the loaded tables and the lookup cache (they load again on next use)."""
    _tables.clear()
    _zipf.cache_clear()


def _lookup(hashes: array, values: array, word: str) -> float:
    h = _hash(word)
    i = bisect_left(hashes, h)
    return values[i] / 10 if i < len(hashes) and hashes[i] == h else 0.0


def _hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "big")


def _table(lang: str) -> tuple[array, array]:
    got = _tables.get(lang)
    if got is None:
        got = _tables[lang] = _load(lang)
    return got


def cache_dir() -> Path:
    env = os.environ.get("HYGIENE_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hygiene"


def _load(lang: str) -> tuple[array, array]:
    version = _wordfreq_version()
    path = cache_dir() / f"zipf-{lang}-best-wordfreq-{version}.bin"
    try:
        return _read(path)
    except (OSError, ValueError):
        pass
    hashes, values = _build(lang)
    try:
        _write(path, hashes, values)
    except OSError:
        pass  # a read-only home: the tables still work for this run
    return hashes, values


def _wordfreq_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wordfreq")
    except PackageNotFoundError:
        return "none"


def _build(lang: str) -> tuple[array, array]:
    import math

    try:
        from wordfreq import get_frequency_dict

        freqs = get_frequency_dict(lang, "best")  # "large" where wordfreq has it
    except (ImportError, LookupError, ValueError):
        freqs = {}  # no word list for this language: every word counts as unknown
    merged: dict[int, int] = {}
    for word, f in freqs.items():
        if f <= 0:
            continue
        z = max(1, min(255, round((math.log10(f) + 9) * 10)))
        h = _hash(word)
        merged[h] = max(z, merged.get(h, 0))
    keys = sorted(merged)
    return array("Q", keys), array("B", (merged[k] for k in keys))


def _read(path: Path) -> tuple[array, array]:
    data = path.read_bytes()
    if not data.startswith(_FORMAT):
        raise ValueError("not a zipf table")
    n = int.from_bytes(data[len(_FORMAT) : len(_FORMAT) + 8], "little")
    body = memoryview(data)[len(_FORMAT) + 8 :]
    if len(body) != 9 * n:
        raise ValueError("truncated zipf table")
    hashes, values = array("Q"), array("B")
    hashes.frombytes(body[: 8 * n])
    values.frombytes(body[8 * n :])
    if array("Q", [1]).tobytes() != (1).to_bytes(8, "little"):
        hashes.byteswap()
    return hashes, values


def _write(path: Path, hashes: array, values: array) -> None:
    out = hashes
    if array("Q", [1]).tobytes() != (1).to_bytes(8, "little"):
        out = array("Q", hashes)
        out.byteswap()
    write_cache_file(path, _FORMAT + len(hashes).to_bytes(8, "little") + out.tobytes()
                     + values.tobytes())


def write_cache_file(path: Path, blob: bytes) -> None:
    """Write a cache file whole or not at all (concurrent writers: the last complete one wins)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cache-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
