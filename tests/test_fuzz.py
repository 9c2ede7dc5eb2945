"""Fuzzing the whole document pipeline: random bytes and random text, read by the reader hook
(or streamed as a JSONL shard), checked and fixed in place, and written out in every format.

Whatever the input, a run must not raise: a file it cannot use is one error line naming it.
A fixed file decodes to the fixed text, in the file's encoding, with no temporary file left
behind; the engine's passes replay to the fixed text; and every report format writes (the JSON
ones parse). CI runs a bounded number of examples; ``python bench/fuzz.py --examples N`` runs
the same targets for longer (``check_file`` and ``check_text`` are its entry points).
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import tempfile
from itertools import pairwise
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hygiene.config import Settings
from hygiene.engine import Linter
from hygiene.fixes import splice
from hygiene.io.textfile import InputError, decode
from hygiene.model import Document
from hygiene.report import BUILTIN_FORMATS, get_writer
from hygiene.run import RunResult, run

ARTEFACTS = ["$config[ads_top] not found", "Advertisement", "Anonim", "Share this:",
             "Leave a Reply", "Gazouillement (TWTR)", "Ã©tÃ©", "&#8217;", "{{ author }}",
             "Foto: dpa", "0", "\u200b", "\ufffd", "reportedly", "Berichten zufolge"]
SUFFIXES = [".txt", ".md", ".jsonl", ".jsonl.gz", ".html"]
CODECS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "cp1251", "shift_jis", "latin-1"]

_LINTER: Linter | None = None


def linter() -> Linter:
    global _LINTER
    if _LINTER is None:
        _LINTER = Linter(Settings(timeout=20.0))
    return _LINTER


# -- what must hold ----------------------------------------------------------------------------


def check_text(text: str, strict: bool = False) -> None:
    """Linter.fix on any text: the passes replay to the fixed text; every format writes.

    ``strict`` (bench/fuzz.py --strict) also requires what the engine promises but does not
    always keep yet: the edits of a pass are sorted and disjoint (a line deletion widened over
    a "blank" line of control characters can overlap the fix removing them), and a second fix
    changes nothing (more artefacts on one line than MAX_FIX_PASSES stop short of it)."""
    lint = linter()
    res = lint.fix(Document("fuzz.txt", text))
    current = text
    for edits in res.passes:
        assert all(0 <= e.start <= e.end <= len(current) for e in edits)
        if strict:
            assert all(a.end <= b.start for a, b in pairwise(edits)), edits
        current = splice(current, edits)
    assert current == (text if res.fixed_text is None else res.fixed_text)
    if strict and res.fixed_text is not None:
        again = lint.fix(Document("fuzz.txt", res.fixed_text)).fixed_text
        assert again is None, f"second fix: {res.fixed_text!r} -> {again!r}"
    result = RunResult(results=[res], files=1, fixes_applied=res.fixes_applied)
    write_all_formats(lint, result)


def check_file(data: bytes, suffix: str) -> None:
    """A file with these bytes, checked and fixed in place through ``hygiene.run.run``."""
    lint = linter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        result = run(lint, [str(path)], fix=True, keep_text=True)
        for err in result.errors:
            assert "\n" not in err and str(path) in err, err
        assert not [p.name for p in Path(tmp).iterdir() if p.name != path.name], "stray file"
        after = path.read_bytes()
        if suffix in (".txt", ".md") and not result.errors:
            (res,) = result.results
            fixed = res.fixed_text if res.fixed_text is not None else res.document.text
            # In the encoding the original was read in (a legacy guess may differ next time).
            assert after == decode(data)[1].encode(fixed)
            if res.fixed_text is None:
                assert after == data
        if after != data and suffix.startswith(".jsonl"):
            raw = gzip.decompress(after) if suffix.endswith(".gz") else after
            assert raw.count(b"\n") == (gzip.decompress(data) if suffix.endswith(".gz")
                                        else data).count(b"\n")
        write_all_formats(lint, result)


def write_all_formats(lint: Linter, result: RunResult) -> None:
    for name in BUILTIN_FORMATS:
        out = io.StringIO()
        get_writer(name, lint.pm)(result, out, {"fixing": True, "quiet": False})
        if name in ("json", "sarif"):
            json.loads(out.getvalue())
        elif name == "jsonl":
            for line in out.getvalue().splitlines():
                json.loads(line)


# -- what to feed it ---------------------------------------------------------------------------

lines = st.one_of(st.sampled_from(ARTEFACTS), st.text(max_size=80),
                  st.text(alphabet="abc éß ЖЁ\t\r\n.:", max_size=40))
texts = st.lists(lines, max_size=12).flatmap(
    lambda ls: st.sampled_from(["\n", "\r\n", "\n\n", "\r"]).map(lambda eol: eol.join(ls)))


@st.composite
def encoded(draw):
    """Text in some encoding (with a BOM, perhaps), perhaps with a byte or two damaged."""
    text = draw(texts)
    data = text.encode(draw(st.sampled_from(CODECS)), errors="ignore")
    for _ in range(draw(st.integers(0, 2))):
        if data:
            i = draw(st.integers(0, len(data) - 1))
            data = data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1 :]
    return data


@st.composite
def shards(draw):
    """JSONL: records with fuzzed text, and now and then a line that is not a record."""
    out = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            out.append(draw(st.binary(max_size=40)))
        else:
            rec = {"id": draw(st.integers()), "text": draw(texts)}
            out.append(json.dumps(rec, ensure_ascii=draw(st.booleans())).encode())
    data = b"\n".join(out) + draw(st.sampled_from([b"", b"\n", b"\r\n"]))
    return data


files = st.one_of(
    st.tuples(st.binary(max_size=3000), st.sampled_from(SUFFIXES)),
    st.tuples(encoded(), st.sampled_from([".txt", ".md", ".html"])),
    st.tuples(shards(), st.just(".jsonl")),
    st.tuples(shards().map(lambda d: gzip.compress(d, mtime=0)), st.just(".jsonl.gz")),
    st.tuples(texts.map(lambda t: codecs.BOM_UTF8 + t.encode()), st.just(".txt")),
)

FUZZ = settings(max_examples=200, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))


@FUZZ
@given(texts)
def test_fuzz_text_through_fix_and_every_format(text):
    check_text(text)


@FUZZ
@given(files)
def test_fuzz_files_through_read_fix_write_and_every_format(case):
    data, suffix = case
    check_file(data, suffix)


def test_the_reader_hook_refuses_bad_bytes_with_input_error_only():
    lint = linter()
    for data in (b"\x00\x01\x02", b"\xff\xfe\x00", b"ok\xc3\x28 utf-8 \xc3\xa9", bytes(range(256))):
        try:
            lint.pm.hook.hygiene_read_document(path="x.txt", data=data, settings=lint.settings)
        except InputError as exc:
            assert "\n" not in str(exc)
