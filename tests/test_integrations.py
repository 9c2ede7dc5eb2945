"""hygiene inside other data engines: lint_records() and the datatrove pipeline step."""

from __future__ import annotations

import json

import pytest

from hygiene.records import lint_records

AD = "Der Rat tagte am Montag.\n\nAnzeige\n\nDie Sitzung dauerte drei Stunden, sagte sie.\n"
CLEAN = "The council met on Monday and voted to build a new bridge over the river.\n"


def test_lint_records_fixes_text_and_keeps_every_other_field():
    out = list(lint_records([{"id": "a", "text": AD, "url": "https://x"},
                             {"id": "b", "text": CLEAN}], id_field="id", fix=True))
    assert out[0]["changed"] and "Anzeige" not in out[0]["record"]["text"]
    assert out[0]["record"]["url"] == "https://x" and out[0]["record"]["id"] == "a"
    assert out[0]["codes"] == {"P201": 1} and out[1]["changed"] is False
    assert 0 <= out[1]["score"] <= 100


def test_lint_records_reports_without_fixing_by_default():
    (res,) = lint_records([{"text": AD}])
    assert res["codes"] == {"P201": 1} and res["record"]["text"] == AD
    assert res["findings"][0]["family"] == "placeholder"


def test_a_record_without_text_is_reported_not_raised():
    (res,) = lint_records([{"body": "x"}])
    assert "no string field" in res["error"]


def test_datatrove_step_fixes_drops_and_counts_on_the_local_executor(tmp_path):
    pytest.importorskip("datatrove")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from hygiene.integrations.datatrove import HygieneStep

    src = tmp_path / "in"
    src.mkdir()
    junk = ("Titel\n\n$config[ads_top] not found\n\nAnzeige\n\nDer Minister soll Geld "
            "angenommen haben. Angeblich wurde das Treffen im Rathaus verschwiegen, und Berichten "
            "zufolge wusste die Polizei davon. Die Opposition fordert eine Erklärung.\n\n"
            "Schreibe einen Kommentar\n")
    rows = [{"id": "1", "text": AD}, {"id": "2", "text": CLEAN}, {"id": "3", "text": junk}]
    (src / "part.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "out"
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(src)), HygieneStep(min_quality=80),
                  JsonlWriter(str(out), compression=None, expand_metadata=True)],
        tasks=1, logging_dir=str(tmp_path / "logs"),
    ).run()
    docs = [json.loads(ln) for f in sorted(out.glob("*.jsonl")) for ln in f.open()]
    by_id = {d["id"]: d for d in docs}
    assert set(by_id) == {"1", "2"}  # the junk record scored below 80 and was dropped
    assert "Anzeige" not in by_id["1"]["text"]
    assert by_id["2"]["hygiene"]["codes"] == {} and by_id["1"]["hygiene"]["codes"] == {"P201": 1}
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    step = next(s for s in stats if "hygiene" in s["name"])["stats"]

    def total(key):  # datatrove stores a stat seen once as a plain number
        v = step[key]
        return v["total"] if isinstance(v, dict) else v

    assert total("hygiene_dropped") == 1
    assert total("hygiene_P201") >= 1 and total("hygiene_kept") == 2
