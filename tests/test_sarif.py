"""``--format sarif``: SARIF 2.1.0, validated against the official OASIS JSON schema.

``tests/data/sarif-schema-2.1.0.json`` is the schema of the SARIF 2.1.0 committee specification
(oasis-tcs/sarif-spec, Documents/CommitteeSpecifications/2.1.0/sarif-schema-2.1.0.json), kept
verbatim; it declares JSON Schema draft-07.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from conftest import SEEDS

from hygiene.engine import DocResult
from hygiene.model import Document, Edit, Finding, Fix, Severity
from hygiene.report import sarif
from hygiene.run import RunResult

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft7Validator  # the draft the schema declares
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def assert_valid(validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors[:10])


@pytest.fixture(scope="module")
def seed_sarif(tmp_path_factory, run_cli):
    """``hygiene check --format sarif seeds`` from the folder above a copy of the seeds."""
    root = tmp_path_factory.mktemp("sarif")
    shutil.copytree(SEEDS, root / "seeds")
    rc, out, err = run_cli(["check", "--format", "sarif", "seeds"], cwd=root)
    assert rc == 1, err
    return json.loads(out), root


def results(log: dict, code: str, uri_part: str) -> list[dict]:
    return [r for r in log["runs"][0]["results"]
            if r["ruleId"] == code
            and uri_part in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]


def apply(text: str, fix: dict) -> str:
    (change,) = fix["artifactChanges"]
    for rep in sorted(change["replacements"], key=lambda r: -r["deletedRegion"]["charOffset"]):
        start = rep["deletedRegion"]["charOffset"]
        end = start + rep["deletedRegion"]["charLength"]
        text = text[:start] + rep.get("insertedContent", {}).get("text", "") + text[end:]
    return text


def test_the_seed_report_is_valid_sarif_2_1_0(seed_sarif, validator):
    log, _ = seed_sarif
    assert_valid(validator, log)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "hygiene" and driver["version"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"][0]["executionSuccessful"] is True
    assert run["results"]


def test_a_known_finding_has_its_rule_region_and_deletion_fix(seed_sarif):
    log, root = seed_sarif
    # seeds/001, line 3: "$config[ads_kvadrat] not found", a failed ad slot (safe fix).
    (res, *_) = results(log, "P101", "seeds/001_")
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[res["ruleIndex"]]["id"] == "P101"
    assert res["level"] == "error"
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "seeds/001_78125e907f80ab81.txt",
                                       "uriBaseId": "%SRCROOT%"}
    region = loc["region"]
    assert (region["startLine"], region["startColumn"]) == (3, 1)
    assert region["snippet"]["text"] == "$config[ads_kvadrat] not found"
    assert (region["endLine"], region["endColumn"]) == (3, 31)
    text = (root / "seeds/001_78125e907f80ab81.txt").read_text(encoding="utf-8")
    assert text[region["charOffset"]:][:region["charLength"]] == region["snippet"]["text"]

    (fix,) = res["fixes"]
    assert fix["properties"]["applicability"] == "safe"
    assert "safe" in fix["description"]["text"]
    (rep,) = fix["artifactChanges"][0]["replacements"]
    assert rep["deletedRegion"]["charOffset"] == region["charOffset"]
    assert rep["insertedContent"]["text"] == ""
    fixed = apply(text, fix)
    slot = "$config[ads_kvadrat] not found"
    assert fixed.count(slot) == text.count(slot) - 1  # this one gone, line 24's still there
    assert fixed.splitlines()[:2] == text.splitlines()[:2]
    assert slot not in fixed.splitlines()[2]
    assert len(fixed) == len(text) - rep["deletedRegion"]["charLength"]


def test_a_replacement_fix_carries_the_inserted_text(seed_sarif):
    log, root = seed_sarif
    # seeds/004, line 19: "Gazouillement (TWTR)", Twitter translated literally.
    text = (root / "seeds/004_cec3a274c3eddf67.txt").read_text(encoding="utf-8")
    offset = text.index("Gazouillement (TWTR)")
    (res,) = results(log, "T101", "seeds/004_")
    region = res["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 19 and region["snippet"]["text"] == "Gazouillement"
    assert (region["charOffset"], region["charLength"]) == (offset, 13)
    (rep,) = res["fixes"][0]["artifactChanges"][0]["replacements"]
    assert rep == {"deletedRegion": {"charOffset": offset, "charLength": 13},
                   "insertedContent": {"text": "Twitter"}}
    assert "Twitter (TWTR)" in apply(text, res["fixes"][0])


def test_every_region_points_at_its_snippet_in_the_file(seed_sarif):
    log, root = seed_sarif
    checked = 0
    for res in log["runs"][0]["results"]:
        loc = res["locations"][0]["physicalLocation"]
        region = loc.get("region")
        if region is None:
            continue
        text = (root / loc["artifactLocation"]["uri"]).read_text(encoding="utf-8")
        start = region["charOffset"]
        if "snippet" in region:
            assert text[start:start + region["charLength"]] == region["snippet"]["text"]
            checked += 1
        line_start = text.rfind("\n", 0, start) + 1
        assert text.count("\n", 0, start) + 1 == region["startLine"]
        assert start - line_start + 1 == region["startColumn"]
    assert checked >= len(log["runs"][0]["results"]) // 2


def test_rule_descriptors_carry_the_rule_documentation(seed_sarif):
    log, _ = seed_sarif
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(set(ids)) == sorted({r["ruleId"] for r in run["results"]})
    p101 = rules[ids.index("P101")]
    assert p101["name"] == "failed-template-variable"
    assert p101["defaultConfiguration"]["level"] == "error"
    assert p101["properties"]["family"] == "placeholder"
    assert "placeholder" in p101["properties"]["tags"]
    assert p101["shortDescription"]["text"] and p101["fullDescription"]["text"]
    for section in ("What it does", "Why is this bad?", "Example", "Fix safety"):
        assert f"## {section}" in p101["help"]["markdown"]
        assert section in p101["help"]["text"]
    # Info-level flags (unsourced claims) are SARIF notes.
    a101 = rules[ids.index("A101")]
    assert a101["defaultConfiguration"]["level"] == "note"
    assert all(r["level"] == "note" for r in run["results"] if r["ruleId"] == "A101")


def _run_result(*docs) -> RunResult:
    out = RunResult(files=len(docs))
    for doc, findings in docs:
        for f in findings:
            f.path = doc.path
            if f.start is not None:
                f.line, f.column = doc.position(f.start)
                f.end_line, f.end_column = doc.position(f.end - 1)
                f.end_column += 1
        out.results.append(DocResult(doc, findings))
    return out


def _finding(code="X900", start=None, end=None, fix=None, severity=Severity.WARNING):
    return Finding(code, "test-rule", "corpus", severity, "A test finding", start, end, fix)


def test_document_level_html_record_and_unknown_rule_findings(validator, tmp_path):
    text = Document("corpus/a.txt", "Title\n\nBody text here.\n")
    html = Document("page.html", "Extracted text.\nAdvertisement\n", source="html")
    record = Document("shard.jsonl", "Body.\nAdvertisement\n", record={"line": 7, "id": "a1"},
                      source="jsonl")
    deletion = Fix.safe("Remove it", Edit(16, 30, ""))
    result = _run_result(
        (text, [_finding()]),  # a finding about the whole document: no span
        (html, [_finding("X901", 16, 29, deletion, Severity.ERROR)]),
        (record, [_finding("X901", 6, 19, Fix.safe("Remove it", Edit(6, 20, "")),
                           Severity.ERROR)]),
    )
    result.results[2].findings[0].record = record.record
    buf = io.StringIO()
    sarif.write(result, buf, {})
    log = json.loads(buf.getvalue())
    assert_valid(validator, log)
    doc_level, in_html, in_record = log["runs"][0]["results"]
    assert doc_level["locations"] == [{"physicalLocation": {"artifactLocation": {
        "uri": "corpus/a.txt", "uriBaseId": "%SRCROOT%"}}}]
    # HTML offsets point into the extracted text: no region in the HTML file, no SARIF fix.
    phys = in_html["locations"][0]["physicalLocation"]
    assert "region" not in phys and "fixes" not in in_html
    assert in_html["properties"]["textRegion"]["charOffset"] == 16
    assert in_html["properties"]["fixApplicability"] == "safe"
    # A JSONL record's offsets point into its text field: the region is the record's line.
    phys = in_record["locations"][0]["physicalLocation"]
    assert phys["region"] == {"startLine": 7} and "fixes" not in in_record
    assert in_record["properties"]["record"] == {"line": 7, "id": "a1"}
    assert in_record["properties"]["textRegion"]["startLine"] == 2
    # Rules hygiene does not know are described from their findings.
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["X900", "X901"]
    assert rules[1]["defaultConfiguration"]["level"] == "error"
    assert rules[1]["name"] == "test-rule"


def test_run_errors_become_tool_notifications(validator):
    result = RunResult(errors=["broken.txt: invalid UTF-8 at byte 3"])
    buf = io.StringIO()
    sarif.write(result, buf, {})
    log = json.loads(buf.getvalue())
    assert_valid(validator, log)
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert inv["toolExecutionNotifications"][0]["message"]["text"].startswith("broken.txt")
    assert log["runs"][0]["results"] == []


def test_paths_become_uri_references(cli, write, tmp_path, validator):
    write("my articles/été 1.txt", "Title\n\nThe council met.\n\nAdvertisement\n\nIt voted.\n")
    rc, out, err = cli(["--format", "sarif", "my articles"], cwd=tmp_path)
    assert rc == 1, err
    log = json.loads(out)
    assert_valid(validator, log)
    (res,) = log["runs"][0]["results"]
    art = res["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art["uri"] == "my%20articles/%C3%A9t%C3%A9%201.txt"
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"


def test_after_fix_the_remaining_results_point_into_the_rewritten_files(cli, seeds_copy, validator):
    _rc, out, err = cli(["--fix", "--format", "sarif", "seeds"], cwd=seeds_copy.parent)
    log = json.loads(out)
    assert log["runs"][0]["properties"]["summary"]["fixed"] > 0, err
    assert_valid(validator, log)
    for res in log["runs"][0]["results"]:
        loc = res["locations"][0]["physicalLocation"]
        if "region" in loc:
            text = (seeds_copy.parent / loc["artifactLocation"]["uri"]).read_text(encoding="utf-8")
            region = loc["region"]
            start = region["charOffset"]
            assert text.count("\n", 0, start) + 1 == region["startLine"]
            if "snippet" in region:
                assert text[start:start + region["charLength"]] == region["snippet"]["text"]


def test_the_snippet_comes_from_the_flagged_line_once_the_text_is_dropped(validator):
    doc = Document("a.txt", "Title\n\nAdvertisement\n\nBody.\n")
    result = _run_result((doc, [_finding("X901", 7, 20, Fix.safe("Remove", Edit(7, 21, "")))]))
    result.results[0].findings[0].context = "Advertisement"
    result.results[0].document = Document("a.txt", "")  # a run that does not keep texts
    buf = io.StringIO()
    sarif.write(result, buf, {})
    log = json.loads(buf.getvalue())
    assert_valid(validator, log)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["snippet"] == {"text": "Advertisement"}
    assert (region["startLine"], region["charOffset"], region["charLength"]) == (3, 7, 13)
