"""Corpus-scale runs: results spilled to disk, shards split over workers, output unchanged."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from hygiene import run as run_mod
from hygiene import spool as spool_mod
from hygiene.spool import Spool

ARTICLE = ("Le conseil municipal a voté le budget mardi soir après trois heures de débat.\n\n"
           "Publicité\n\n"
           "Le maire a défendu une hausse des investissements dans les écoles du quartier.\n\n"
           "Laisser un commentaire\n")
CLEAN = "Der Stadtrat hat am Dienstag den Haushalt beschlossen, nach langer Debatte im Saal.\n"


def _shard(path: Path, n: int, gz: bool = False, bad: bool = True) -> bytes:
    lines = []
    for i in range(n):
        text = ARTICLE if i % 3 else CLEAN
        lines.append(json.dumps({"id": f"r{i}", "meta": {"k": i}, "text": text},
                                ensure_ascii=False))
        if i == 7 and bad:
            lines.append("{not json")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0) if gz else data)
    return data


@pytest.mark.parametrize("batch", [2, 256])
def test_spool_keeps_order_when_spilled_and_removes_its_file(monkeypatch, batch):
    monkeypatch.setattr(spool_mod, "BATCH", batch)
    s = Spool(limit=3)
    for i in range(10):
        s.append({"i": i})
    assert len(s) == 10
    assert [x["i"] for x in s] == list(range(10))
    assert s[4] == {"i": 4} and s[-1] == {"i": 9} and s[2:5] == [{"i": 2}, {"i": 3}, {"i": 4}]
    s.rewrite(lambda x: {"i": -x["i"]})
    s.append({"i": 99})
    assert [x["i"] for x in s] == [-i for i in range(10)] + [99]
    path = s._path
    assert Path(path).exists()
    s.close()
    assert not Path(path).exists()


@pytest.fixture
def small_units(monkeypatch):
    """Tiny record units and an early spill, so a small test shard exercises the paths a
    100 000-record corpus takes."""
    monkeypatch.setattr(run_mod, "RECORDS_PER_UNIT", 4)
    monkeypatch.setattr(run_mod, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(spool_mod, "SPILL_AFTER", 5)
    monkeypatch.setattr(Spool.__init__, "__defaults__", (5,))


def _json_report(cli, args):
    rc, out, err = cli(["check", "--isolated", "--format", "json", "--no-progress", *args])
    return rc, json.loads(out), err


def test_a_split_shard_reports_the_same_findings_in_the_same_order(cli, tmp_path, small_units):
    shard = tmp_path / "a.jsonl"
    _shard(shard, 30)
    rc1, one, err1 = _json_report(cli, ["--jobs", "1", shard])
    rc2, two, err2 = _json_report(cli, ["--jobs", "2", shard])
    assert one["findings"] == two["findings"]
    assert one["summary"] == two["summary"]
    assert err1 == err2 and ":9: malformed JSON" in err1  # the bad line, by its line number
    lines = [f["record"]["line"] for f in one["findings"] if f["family"] != "corpus"]
    assert lines == sorted(lines) and max(lines) == 31  # document findings in record order
    assert one["summary"]["documents"] == 30


def test_fixing_a_split_shard_keeps_every_other_byte(cli, tmp_path, small_units):
    for gz in (False, True):
        shard = tmp_path / ("b.jsonl.gz" if gz else "b.jsonl")
        before = _shard(shard, 30, gz)
        rc, out, err = cli(["check", "--isolated", "--fix", "--jobs", "2", "--no-progress",
                            shard])
        after = shard.read_bytes()
        after = gzip.decompress(after) if gz else after
        old, new = before.splitlines(), after.splitlines()
        assert len(old) == len(new)
        assert old[8] == new[8] == b"{not json"  # kept byte for byte
        for a, b in zip(old, new):
            if a == b"{not json":
                continue
            ra, rb = json.loads(a), json.loads(b)
            assert list(ra) == list(rb) and ra["meta"] == rb["meta"] and ra["id"] == rb["id"]
            if "Publicité" in ra["text"]:
                assert "Publicité" not in rb["text"] and "Le maire" in rb["text"]
            else:
                assert a == b
        assert not list(tmp_path.glob(".*tmp*")) and not list(tmp_path.glob("*.tmp"))


def test_a_baseline_works_on_results_spilled_to_disk(cli, tmp_path, small_units):
    shard = tmp_path / "c.jsonl"
    _shard(shard, 20, bad=False)
    base = tmp_path / "base.json"
    ids = ["--id-field", "id"]
    cli(["check", "--isolated", "--no-progress", *ids, "--write-baseline", base, shard])
    rc, report, _ = _json_report(cli, [*ids, "--baseline", base, shard])
    assert rc == 0 and report["findings"] == []
    with shard.open("a", encoding="utf-8") as fh:  # one more record, at the end
        fh.write(json.dumps({"id": "new", "text": ARTICLE}, ensure_ascii=False) + "\n")
    rc, report, _ = _json_report(cli, [*ids, "--baseline", base, shard])
    # Only the added record is new: corpus findings elsewhere, whose counts grew, are not.
    assert {f["record"]["id"] for f in report["findings"]} == {"new"}


def test_unsafe_fix_removes_a_repeated_line_from_jsonl_records_and_keeps_the_rest(cli, tmp_path,
                                                                                small_units):
    footer = "Die Meinung des Autors muss nicht mit der der Redaktion übereinstimmen."
    shard = tmp_path / "d.jsonl"
    recs = [{"id": i, "src": "x", "text": f"Titel {i}\n\nDer Gemeinderat hat über Antrag {i} "
             f"abgestimmt.\n\n{footer}\n\nDas Ergebnis war knapp: {i} Stimmen.\n"}
            for i in range(6)]
    shard.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs),
                     encoding="utf-8")
    rc, out, err = cli(["check", "--isolated", "--fix", "--unsafe-fixes", "--no-progress",
                        "--format", "json", shard])
    after = [json.loads(x) for x in shard.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in after] == list(range(6)) and all(r["src"] == "x" for r in after)
    for r in after:
        assert footer not in r["text"]
        assert r["text"] == (f"Titel {r['id']}\n\nDer Gemeinderat hat über Antrag {r['id']} "
                             f"abgestimmt.\n\nDas Ergebnis war knapp: {r['id']} Stimmen.\n")
    assert not [f for f in json.loads(out)["findings"] if f["code"] == "D101"]


def test_corpus_findings_come_out_in_report_order_whatever_order_a_rule_yields(small_units):
    from hygiene.model import Finding, Severity
    from hygiene.run import _sorted_spool

    def f(path, line, start):
        return Finding("D999", "x", "corpus", Severity.INFO, "m", start, start + 1,
                       path=path, record={"line": line})

    in_order = [f("a", 1, 0), f("a", 1, 5), f("a", 2, 0), f("b", 1, 0), f("b", 3, 2),
                f("c", 1, 1), f("c", 1, 1)]
    shuffled = [in_order[i] for i in (4, 0, 6, 2, 1, 5, 3)]
    for given in (in_order, shuffled):
        got = [(x.path, x.record["line"], x.start) for x in _sorted_spool(iter(given))]
        assert got == [(x.path, x.record["line"], x.start) for x in in_order]


def test_models_dropped_before_a_large_corpus_pass_load_again(monkeypatch, tmp_path):
    """A large run drops the language model and word tables before the corpus pass; a linter
    used again afterwards (library use) finds exactly what it found the first time."""
    import py3langid.langid

    from hygiene import wordlist
    from hygiene.config import Settings
    from hygiene.engine import Linter

    monkeypatch.setattr(run_mod, "RELEASE_MODELS_AFTER", 0)
    (tmp_path / "sv.txt").write_text(
        "Regeringen presenterade på tisdagen en ny plan för bostadsbyggandet i landets största "
        "städer, och oppositionen kritiserade genast förslaget som alldeles för försiktigt.\n",
        encoding="utf-8")
    (tmp_path / "en.txt").write_text(
        "Shares fell on Monday as the company, Reutersreported, cut its forecast for the year.\n"
        "Advertisement\nThe board met on Friday to discuss the results.\n", encoding="utf-8")
    linter = Linter(Settings())

    def found():
        res = run_mod.run(linter, [str(tmp_path)])
        return ({r.document.language for r in res.results},
                [(r.document.path, f.code, f.start) for r in res.results for f in r.findings])

    first = found()
    assert py3langid.langid.IDENTIFIER is None and not wordlist._tables
    assert first[0] == {"sv", "en"}  # Swedish has no profile: the model was used
    assert any(code == "T201" for _, code, _ in first[1])  # a glued token: the word tables
    assert found() == first
