"""Nothing lost: rewriting under errors and interrupts, exact encodings, hostile input, limits.

Every bad input gets one error line naming the file, the run goes on with the other files and
exits 2, and no traceback reaches the user; a fix is written whole or not at all, in the file's
own encoding, and never leaves a temporary file behind.
"""

from __future__ import annotations

import codecs
import fcntl
import gzip
import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from hygiene import Edit, Fix, Rule, RuleMeta, Severity, hookimpl
from hygiene.config import Settings
from hygiene.engine import Linter
from hygiene.io.files import atomic_write, locked
from hygiene.model import Document
from hygiene.run import run

AD = "Council meeting\n\nAdvertisement\n\nThe council met on Monday to vote on the budget.\n"
AD_FIXED = "Council meeting\n\nThe council met on Monday to vote on the budget.\n"
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


@pytest.fixture(scope="module")
def linter():
    return Linter(Settings())


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.hygiene-tmp"))


def error_lines(err: str) -> list[str]:
    assert "Traceback" not in err, err
    return [ln for ln in err.splitlines() if ln.startswith("hygiene: error:")]


def the_error_about(err: str, name: str) -> str:
    found = [ln for ln in error_lines(err) if name in ln]
    assert len(found) == 1, (name, err)
    return found[0]


class SlowRule(Rule):
    """Sleeps on documents containing ``marker`` (for --timeout)."""

    def __init__(self, marker: str, seconds: float = 30):
        self.meta = RuleMeta("Z901", "slow-rule", "placeholder", Severity.WARNING, "never")
        self.marker, self.seconds = marker, seconds

    def check(self, doc):
        if self.marker in doc.text:
            time.sleep(self.seconds)
        return []


class ReplaceRule(Rule):
    def __init__(self, old: str, new: str):
        self.meta = RuleMeta("Z902", "replace-rule", "translation", Severity.WARNING, "always")
        self.old, self.new = old, new

    def check(self, doc):
        i = doc.text.find(self.old)
        if i != -1:
            edit = Edit(i, i + len(self.old), self.new)
            yield self.finding(doc, i, i + len(self.old), "replace", Fix.safe("replace", edit))


def linter_with(*rules) -> Linter:
    lint = Linter(Settings())
    lint.rules = [*lint.rules, *rules]
    return lint


# -- atomic writes ---------------------------------------------------------------------------


def test_a_fix_keeps_mode_and_owner_and_writes_through_a_symlink(linter, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text(AD)
    os.chmod(real, 0o604)
    if ROOT:
        os.chown(real, 4321, 4322)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    out = run(linter, [str(link)], fix=True)
    assert not out.errors
    assert link.is_symlink() and real.read_text() == AD_FIXED
    st = real.stat()
    assert st.st_mode & 0o7777 == 0o604
    if ROOT:
        assert (st.st_uid, st.st_gid) == (4321, 4322)
    assert temps(tmp_path) == []


@pytest.mark.parametrize("exc", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk-full", "interrupt"])
def test_no_temporary_file_survives_a_failed_write(linter, tmp_path, monkeypatch, exc):
    f = tmp_path / "a.txt"
    f.write_text(AD)

    def fail(fd):
        raise exc

    monkeypatch.setattr(os, "fsync", fail)
    if isinstance(exc, KeyboardInterrupt):
        with pytest.raises(KeyboardInterrupt):
            run(linter, [str(f)], fix=True)
    else:
        out = run(linter, [str(f)], fix=True)
        assert out.errors == [f"{f}: cannot write: No space left on device"]
    assert f.read_text() == AD
    assert temps(tmp_path) == []


@pytest.mark.parametrize("name", ["s.jsonl", "s.jsonl.gz"])
def test_an_interrupt_while_a_shard_streams_leaves_it_whole_and_no_temporary_file(tmp_path,
                                                                                  name):
    raw = b"".join(json.dumps({"text": AD}).encode() + b"\n" for _ in range(5))
    shard = tmp_path / name
    shard.write_bytes(gzip.compress(raw) if name.endswith(".gz") else raw)
    before = shard.read_bytes()
    seen = []

    class Interrupt:
        @hookimpl
        def hygiene_document_checked(self, document, findings):
            seen.append(document.record["line"])
            if document.record["line"] == 3:
                raise KeyboardInterrupt

    lint = Linter(Settings())
    lint.pm.register(Interrupt())
    with pytest.raises(KeyboardInterrupt):
        run(lint, [str(shard)], fix=True)
    assert 3 in seen and shard.read_bytes() == before
    assert temps(tmp_path) == []


def test_stale_temporary_files_are_removed_by_the_next_fix_and_never_checked(linter, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(AD)
    stale = docs / ".a.txt.k1l2m3n4.hygiene-tmp"
    stale.write_text("half a file\nAdvertisement\n")
    live = docs / ".b.txt.p9q8r7s6.hygiene-tmp"  # another run is writing this one right now
    live.write_text("being written")
    beside = tmp_path / ".c.txt.aaaa1111.hygiene-tmp"
    beside.write_text("left by a killed run")
    (tmp_path / "c.txt").write_text(AD)
    (tmp_path / ".other.txt.bbbb2222.hygiene-tmp").write_text("not a file we were given")
    with open(live, "rb") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        out = run(linter, [str(docs)])  # a check without --fix deletes nothing
        assert stale.exists() and len(out.results) == 1
        out = run(linter, [str(docs), str(tmp_path / "c.txt")], fix=True)
        assert [r.document.path for r in out.results] == [str(docs / "a.txt"),
                                                          str(tmp_path / "c.txt")]
        assert not out.errors
    assert not stale.exists() and not beside.exists()
    assert live.exists() and (tmp_path / ".other.txt.bbbb2222.hygiene-tmp").exists()


def test_the_compare_and_replace_waits_for_a_lock_held_by_another_writer(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(AD)
    done = []
    with locked(f):
        worker = threading.Thread(
            target=lambda: done.append(atomic_write(str(f), AD_FIXED.encode(), AD.encode())))
        worker.start()
        time.sleep(0.3)
        assert not done and f.read_text() == AD  # blocked behind our lock
    worker.join(5)
    assert done == [True] and f.read_text() == AD_FIXED


def test_a_file_another_run_already_fixed_is_not_an_error(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(AD_FIXED)  # the other run won the race with the same fix
    assert atomic_write(str(f), AD_FIXED.encode(), expected=AD.encode()) is False


@pytest.mark.parametrize("name", ["a.txt", "s.jsonl"])
def test_a_file_changed_on_disk_mid_run_is_left_alone_and_reported(tmp_path, name):
    f = tmp_path / name
    content = AD if name.endswith(".txt") else json.dumps({"text": AD}) + "\n"
    f.write_text(content)
    theirs = content.replace("budget", "budget and the parks")

    class Editor:  # someone saves the file while hygiene is checking it
        @hookimpl
        def hygiene_document_checked(self, document, findings):
            if f.read_text() == theirs:
                return
            if name.endswith(".txt"):
                f.write_text(theirs)
            else:  # a shard is replaced whole, as tools that stream do
                (tmp_path / "new").write_text(theirs)
                os.replace(tmp_path / "new", f)

    lint = Linter(Settings())
    lint.pm.register(Editor())
    out = run(lint, [str(f)], fix=True)
    assert out.errors == [f"{f}: changed on disk since it was read; not rewritten"]
    assert f.read_text() == theirs
    assert temps(tmp_path) == []


# -- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize("codec, text", [
    ("cp1252", ("Conseil municipal\r\n\r\nPublicité\r\n\r\nLe cœur du problème : l’été, "
                "les écoles et les impôts « locaux ».\r\n")),
    ("cp1251", ("Городской совет\n\nРеклама\n\nВ понедельник совет обсудил бюджет школ, "
                "а жители задали вопросы о «налогах».\n")),
    ("cp1250", ("Rada miasta\n\nReklama\n\nW poniedziałek rada omówiła budżet szkół, a "
                "mieszkańcy pytali o podatki i drogi – źródło: urząd.")),
])
def test_a_legacy_8bit_file_is_fixed_and_written_back_in_its_encoding(linter, tmp_path, codec,
                                                                       text):
    f = tmp_path / "a.txt"
    data = text.encode(codec)
    f.write_bytes(data)
    out = run(linter, [str(f)], fix=True)
    assert not out.errors and out.fixes_applied >= 1
    eol = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(eol)
    assert f.read_bytes() == eol.join(lines[:1] + lines[3:]).encode(codec)  # the ad line went


def test_a_fix_the_legacy_encoding_cannot_hold_is_refused_in_one_line(tmp_path):
    text = "Городской совет обсудил бюджет школ и новые дороги. Жители задали вопросы. OK\n"
    f = tmp_path / "a.txt"
    f.write_bytes(text.encode("cp1251"))
    out = run(linter_with(ReplaceRule("OK", "✓")), [str(f)], fix=True)
    assert out.errors == [(f"{f}: the fixed text cannot be written in cp1251 ('✓' is not in "
                           "it); not rewritten")]
    assert f.read_bytes() == text.encode("cp1251")


def test_utf32_with_bom_round_trips(linter, tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(codecs.BOM_UTF32_LE + AD.encode("utf-32-le"))
    assert not run(linter, [str(f)], fix=True).errors
    assert f.read_bytes() == codecs.BOM_UTF32_LE + AD_FIXED.encode("utf-32-le")


@pytest.mark.parametrize("data, reason", [
    ("Le café de la gare a fermé. Très bien.\n".encode() + b"\xe9t\xe9\n", "invalid UTF-8 at byte"),
    (b"\xef\xbb\xbfcaf\xc3\xa9 \xff\n", "invalid utf-8 at byte"),
    (b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8", "invalid utf-16-le"),
])
def test_damaged_unicode_is_refused_not_guessed(linter, tmp_path, data, reason):
    f = tmp_path / "a.txt"
    f.write_bytes(data)
    out = run(linter, [str(f)], fix=True)
    assert len(out.errors) == 1 and reason in out.errors[0] and str(f) in out.errors[0]
    assert f.read_bytes() == data


# -- hostile input ---------------------------------------------------------------------------

SLOW_PACK = """
[[rule]]
code = "X901"
name = "backtracking-pattern"
kind = "line"
family = "boilerplate"
message = "slow: {match}"
patterns = ['(a|aa)+$']
"""


def test_hostile_input_gives_one_line_each_and_the_run_goes_on(run_cli, tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "01-good.txt").write_text(AD)
    (d / "02-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (d / "03-empty.txt").write_bytes(b"")
    (d / "04-invalid.txt").write_bytes("déjà vu".encode() + b" \xc3\x28\n")
    (d / "05-broken.txt").symlink_to(d / "nowhere.txt")
    (d / "06-loop.txt").symlink_to(d / "06-loop.txt")
    (d / "07-bad.jsonl").write_bytes(b'{"text": "Advertisement"}\n{not json\n[1, 2]\n'
                                     b'{"id": 3}\n' + json.dumps({"text": AD}).encode() + b"\n")
    (d / "08-cut.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": AD}).encode())[:30])
    (d / "09-slow.txt").write_text("Budget\n\n" + "a" * 60 + "b\n\nAdvertisement\n\nThe end.\n")
    (d / "10-big.txt").write_text("x" * 5000)
    pack = tmp_path / "slow.toml"
    pack.write_text(SLOW_PACK)
    rc, _, err = run_cli(["--fix", "--isolated", "--rule-pack", pack, "--max-size", "4K",
                          "--format", "concise", d])
    assert rc == 2
    lines = error_lines(err)
    assert len(lines) == len(err.strip().splitlines()), err  # nothing but error lines
    assert "binary" in the_error_about(err, "02-binary.txt")
    assert "invalid UTF-8 at byte 10" in the_error_about(err, "04-invalid.txt")
    assert "broken symbolic link" in the_error_about(err, "05-broken.txt")
    assert "symbolic link" in the_error_about(err, "06-loop.txt")
    assert "larger than --max-size (4 KB)" in the_error_about(err, "10-big.txt")
    slow = the_error_about(err, "09-slow.txt")
    assert "rule X901" in slow and "took longer than" in slow
    bad = [ln for ln in lines if "07-bad.jsonl" in ln]
    assert [ln.split("07-bad.jsonl")[1][:3] for ln in bad] == [":2:", ":3:", ":4:"]
    assert "cannot read" in the_error_about(err, "08-cut.jsonl.gz")
    assert "03-empty" not in err
    # Everything usable was still checked and fixed.
    assert (d / "01-good.txt").read_text() == AD_FIXED
    assert "Advertisement" not in (d / "09-slow.txt").read_text()
    assert (d / "07-bad.jsonl").read_bytes().startswith(b'{"text": ""}\n{not json\n')
    assert temps(d) == []


@pytest.mark.skipif(ROOT, reason="root reads files whatever their permissions")
def test_an_unreadable_file_and_folder_are_reported(run_cli, tmp_path):
    (tmp_path / "secret.txt").write_text(AD)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "in.txt").write_text(AD)
    os.chmod(tmp_path / "secret.txt", 0)
    os.chmod(tmp_path / "locked", 0o600)  # listable names, but no way in
    try:
        rc, _, err = run_cli(["--fix", tmp_path])
    finally:
        os.chmod(tmp_path / "secret.txt", 0o600)
        os.chmod(tmp_path / "locked", 0o700)
    assert rc == 2
    assert "Permission denied" in the_error_about(err, "secret.txt")


def test_a_permission_error_is_one_line_and_the_run_goes_on(linter, tmp_path, monkeypatch):
    # The same as above for root, who may read anything: the open itself fails.
    import builtins

    (tmp_path / "a.txt").write_text(AD)
    (tmp_path / "b.txt").write_text(AD)
    real_open = builtins.open

    def deny(file, *args, **kw):
        if str(file).endswith("a.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kw)

    monkeypatch.setattr(builtins, "open", deny)
    out = run(linter, [str(tmp_path)], fix=True)
    assert out.errors == [f"{tmp_path / 'a.txt'}: cannot read: Permission denied"]
    assert (tmp_path / "b.txt").read_text() == AD_FIXED


def test_a_200_mb_single_line_file_is_skipped_quickly_by_the_size_limit(run_cli, tmp_path):
    big = tmp_path / "huge.txt"
    try:
        with open(big, "wb") as fh:
            chunk = b"word " * 200_000  # 1 MB, 200 times, and not one line break
            fh.writelines(chunk for _ in range(200))
        (tmp_path / "small.txt").write_text(AD)
        started = time.monotonic()
        rc, _, err = run_cli(["--fix", tmp_path])
        assert time.monotonic() - started < 20
    finally:
        big.unlink()
    assert rc == 2
    assert "larger than --max-size (50 MB); skipped" in the_error_about(err, "huge.txt")
    assert (tmp_path / "small.txt").read_text() == AD_FIXED


def test_stdin_past_the_size_limit_is_refused(run_cli):
    rc, _, err = run_cli(["--max-size", "1K", "-"], stdin="x" * 2000)
    assert rc == 2
    assert "-: larger than --max-size (1 KB)" in the_error_about(err, "-:")


# -- time limit ------------------------------------------------------------------------------


def test_a_document_past_the_timeout_is_reported_and_skipped_and_the_run_goes_on(tmp_path):
    (tmp_path / "a-slow.txt").write_text(AD.replace("Monday", "SLOW Monday"))
    (tmp_path / "b.txt").write_text(AD)
    lint = linter_with(SlowRule("SLOW"))
    lint.settings = lint.settings.with_options(timeout=0.3)
    started = time.monotonic()
    out = run(lint, [str(tmp_path)], fix=True)
    assert time.monotonic() - started < 5
    assert out.errors == [(f"{tmp_path / 'a-slow.txt'}: not done within --timeout 0.3 s; "
                           "skipped, nothing written")]
    assert "Advertisement" in (tmp_path / "a-slow.txt").read_text()
    assert (tmp_path / "b.txt").read_text() == AD_FIXED
    assert [r.document.path for r in out.results] == [str(tmp_path / "b.txt")]


def test_a_fix_that_times_out_after_its_first_pass_writes_nothing(tmp_path):
    # The first pass removes the ad; the slow rule then stalls on the fixed text only.
    f = tmp_path / "a.txt"
    text = "Council\n\nAdvertisement\n\nThe END council met.\n"
    f.write_text(text)

    class StallAfterFix(SlowRule):
        def check(self, doc):
            if "Advertisement" not in doc.text:
                time.sleep(self.seconds)
            return []

    lint = linter_with(StallAfterFix(""))
    lint.settings = lint.settings.with_options(timeout=0.3)
    out = run(lint, [str(f)], fix=True)
    assert len(out.errors) == 1 and "--timeout" in out.errors[0]
    assert f.read_text() == text and temps(tmp_path) == []


def test_a_timed_out_jsonl_record_is_kept_as_it_is(tmp_path):
    shard = tmp_path / "s.jsonl"
    recs = [{"id": 1, "text": AD}, {"id": 2, "text": AD.replace("Monday", "SLOW")},
            {"id": 3, "text": AD}]
    shard.write_text("".join(json.dumps(r) + "\n" for r in recs))
    lint = linter_with(SlowRule("SLOW"))
    lint.settings = lint.settings.with_options(timeout=0.3)
    out = run(lint, [str(shard)], fix=True)
    assert out.errors == [f"{shard}:2: not done within --timeout 0.3 s; skipped, nothing written"]
    texts = [json.loads(ln)["text"] for ln in shard.read_text().splitlines()]
    assert texts == [AD_FIXED, recs[1]["text"], AD_FIXED]


def test_the_timeout_restores_the_previous_alarm_handler_and_timer(linter, tmp_path):
    (tmp_path / "a.txt").write_text(AD)
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        run(linter, [str(tmp_path)], fix=True)
        assert signal.getsignal(signal.SIGALRM) is not None and not fired
        assert 20 < signal.getitimer(signal.ITIMER_REAL)[0] <= 30
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_max_size_and_timeout_come_from_the_configuration(tmp_path, run_cli):
    (tmp_path / "hygiene.toml").write_text('max-size = "1K"\ntimeout = 5\n')
    (tmp_path / "a.txt").write_text("x" * 1500)
    rc, _, err = run_cli([tmp_path / "a.txt"])
    assert rc == 2 and "larger than --max-size (1 KB)" in err
    (tmp_path / "hygiene.toml").write_text('max-size = "lots"\n')
    rc, _, err = run_cli([tmp_path / "a.txt"])
    assert rc == 2 and "max-size must be a size" in the_error_about(err, "hygiene.toml")


class PreparingRule(Rule):
    """Builds a per-language table before the first document; ``fail`` makes that raise."""

    def __init__(self, fail: bool = False):
        self.meta = RuleMeta("Z903", "preparing-rule", "placeholder", Severity.WARNING, "never")
        self.fail, self.prepared = fail, []

    def prepare_language(self, language):
        if self.fail:
            raise RuntimeError("no table for this language")
        self.prepared.append(language)

    def check(self, doc):
        if self.fail:
            raise RuntimeError("no table for this language")
        return []


def test_a_rule_prepares_each_language_once_before_its_first_document():
    rule = PreparingRule()
    lint = linter_with(rule)
    for text in ("Der Gemeinderat hat am Montag über den Haushalt für das Jahr abgestimmt.",
                 "The council met on Monday and voted on the budget for the coming year.",
                 "Die Stadt will im Sommer mit dem Bau der neuen Brücke über den Fluss beginnen."):
        lint.check(Document("a.txt", text))
    assert rule.prepared == ["de", "en"]


def test_a_rule_whose_preparation_raises_is_an_internal_error_and_the_others_still_report():
    lint = linter_with(PreparingRule(fail=True))
    res = lint.check(Document("a.txt", "Title\n\nAdvertisement\n\nThe council met on Monday.\n"))
    assert [e.rule for e in res.errors] == ["Z903"]
    assert "P201" in {f.code for f in res.findings}
