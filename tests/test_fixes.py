"""The fix engine: which fixes apply, how whole lines are deleted, and what the file keeps."""

from __future__ import annotations

import codecs
import itertools
import os
from pathlib import Path

import pytest

from hygiene import Edit, Finding, Fix, Rule, RuleMeta, Severity
from hygiene.config import Settings
from hygiene.engine import Linter
from hygiene.fixes import apply_edits, select_fixes
from hygiene.model import Document
from hygiene.textutil import line_deletion

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# -- helpers ---------------------------------------------------------------------------------


def finding(code: str, *edits: Edit, safe: bool = True) -> Finding:
    fix = Fix.safe("fix", *edits) if safe else Fix.unsafe("fix", *edits)
    return Finding(code, code.lower(), "placeholder", Severity.ERROR, "m",
                   edits[0].start, edits[0].end, fix)


def delete_lines(text: str, marker: str = "X") -> str:
    """Apply whole-line deletions (as rules build them) to every line equal to ``marker``."""
    doc = Document("t.txt", text)
    return apply_edits(text, [line_deletion(doc, ln) for ln in doc.lines if ln.text == marker])


def longest_blank_run(text: str) -> int:
    best = run = 0
    for line in text.splitlines():
        run = run + 1 if not line.strip() else 0
        best = max(best, run)
    return best


class ReplaceRule(Rule):
    """A third-party-style rule: every ``old`` becomes ``new``."""

    def __init__(self, code: str, old: str, new: str):
        self.meta = RuleMeta(code, f"replace-{code.lower()}", "translation", Severity.WARNING,
                             "always")
        self.old, self.new = old, new

    def check(self, doc):
        i = doc.text.find(self.old)
        while i != -1:
            j = i + len(self.old)
            yield self.finding(doc, i, j, f"{self.old} -> {self.new}",
                               Fix.safe("replace", Edit(i, j, self.new)))
            i = doc.text.find(self.old, j)


@pytest.fixture(scope="module")
def linter():
    return Linter(Settings())


# -- choosing among overlapping fixes --------------------------------------------------------


def test_of_two_overlapping_fixes_the_one_that_starts_first_wins():
    early = finding("Z200", Edit(2, 7, "a"))
    late = finding("A100", Edit(5, 10, "b"))
    for order in ([early, late], [late, early]):
        assert select_fixes(order, unsafe=False) == [early]


def test_of_two_fixes_starting_at_the_same_place_the_wider_one_wins():
    narrow = finding("A100", Edit(2, 5, "a"))
    wide = finding("Z200", Edit(2, 9, "b"))
    for order in ([narrow, wide], [wide, narrow]):
        assert select_fixes(order, unsafe=False) == [wide]


def test_identical_overlapping_fixes_are_settled_by_rule_code_not_by_input_order():
    a = finding("B100", Edit(2, 5, "a"))
    b = finding("A100", Edit(2, 5, "b"))
    assert select_fixes([a, b], unsafe=False) == [b]
    assert select_fixes([b, a], unsafe=False) == [b]


def test_fixes_that_only_touch_at_a_boundary_are_both_applied():
    left = finding("A100", Edit(0, 3, "x"))
    right = finding("B100", Edit(3, 6, "y"))
    chosen = select_fixes([right, left], unsafe=False)
    assert chosen == [left, right]
    assert apply_edits("abcdefg", [e for f in chosen for e in f.fix.edits]) == "xyg"


def test_a_fix_with_several_edits_is_applied_whole_or_not_at_all():
    two_part = finding("A100", Edit(0, 2, "<"), Edit(10, 12, ">"))
    clashing = finding("B100", Edit(11, 13, "!"))
    apart = finding("C100", Edit(5, 6, "_"))
    chosen = select_fixes([clashing, apart, two_part], unsafe=False)
    assert chosen == [two_part, apart]


def test_two_insertions_at_the_same_point_are_not_both_applied():
    a = finding("A100", Edit(4, 4, " "))
    b = finding("B100", Edit(4, 4, "-"))
    assert select_fixes([b, a], unsafe=False) == [a]


def test_unsafe_fixes_are_chosen_only_when_unsafe_fixes_are_allowed():
    risky = finding("A100", Edit(0, 3, "x"), safe=False)
    assert select_fixes([risky], unsafe=False) == []
    assert select_fixes([risky], unsafe=True) == [risky]


@pytest.mark.parametrize("rule_order", ["wide-first", "narrow-first"])
def test_the_losing_overlapping_fix_waits_for_the_next_pass_and_the_result_is_deterministic(
    linter, rule_order
):
    # "aaa bbb" -> "xxx bbb" (starts first, wins); then "bbb" -> "yyy" applies in the next pass.
    wide = ReplaceRule("Q901", "aaa bbb", "xxx bbb")
    narrow = ReplaceRule("Q902", "bbb", "yyy")
    rules = [wide, narrow] if rule_order == "wide-first" else [narrow, wide]
    saved = linter.rules
    linter.rules = rules
    try:
        res = linter.fix(Document("t.txt", "aaa bbb ccc\n", "en"))
    finally:
        linter.rules = saved
    assert res.fixed_text == "xxx yyy ccc\n"
    assert res.findings == []
    assert res.fixes_applied == 2


# -- one finding per artefact ----------------------------------------------------------------


class DeleteRule(Rule):
    """A third-party-style rule deleting every ``needle``: just the needle (``span``), its line
    without the line break (``text``), its line with the line break (``line``) or its line and
    the ``extra`` lines after it (``block``)."""

    def __init__(self, code: str, needle: str, mode: str = "span", safe: bool = True,
                 extra: int = 0):
        self.meta = RuleMeta(code, f"delete-{code.lower()}", "boilerplate", Severity.ERROR,
                             "always")
        self.needle, self.mode, self.safe, self.extra = needle, mode, safe, extra

    def check(self, doc):
        i = doc.text.find(self.needle)
        while i != -1:
            j = i + len(self.needle)
            ln = doc.lines[doc.position(i)[0] - 1]
            if self.mode == "span":
                edit = Edit(i, j, "")
            elif self.mode == "text":
                edit = Edit(ln.start, ln.start + len(ln.text), "")
            else:
                last = doc.lines[min(ln.index + self.extra, len(doc.lines) - 1)]
                edit = line_deletion(doc, ln, last)
            fix = (Fix.safe if self.safe else Fix.unsafe)("delete", edit)
            yield self.finding(doc, edit.start, edit.end, f"delete {self.needle}", fix)
            i = doc.text.find(self.needle, j)


def checked(linter, rules, text: str):
    saved = linter.rules
    linter.rules = rules
    try:
        return linter.check(Document("t.txt", text, "en")).findings
    finally:
        linter.rules = saved


def test_two_artefacts_on_one_line_are_two_findings(linter):
    text = "Title\n\nThe mayor spoke.[/caption] He said %%AD%% it would pass.\n"
    found = checked(linter, [DeleteRule("Q911", "[/caption]"), DeleteRule("Q912", "%%AD%%")],
                    text)
    assert [(f.code, f.line) for f in found] == [("Q911", 3), ("Q912", 3)]


def test_two_hits_of_one_rule_on_one_line_are_two_findings(linter):
    text = "Title\n\nOne [ad] two [ad] three.\n"
    found = checked(linter, [DeleteRule("Q911", "[ad]")], text)
    assert [(f.code, f.column) for f in found] == [("Q911", 5), ("Q911", 14)]


@pytest.mark.parametrize("second", ["line", "text", "span"])
def test_rules_claiming_the_same_whole_line_give_one_finding_with_the_safest_fix(linter, second):
    # With or without its line break, a whole-line deletion is the same claim.
    text = "Title\n\nReply\n\nBody text.\n"
    found = checked(linter, [DeleteRule("Q921", "Reply", "line", safe=False),
                             DeleteRule("Q922", "Reply", second)], text)
    assert [f.code for f in found] == ["Q922"]
    found = checked(linter, [DeleteRule("Q921", "Reply", "line"),
                             DeleteRule("Q922", "Reply", second)], text)
    assert [f.code for f in found] == ["Q921"]  # equally safe: the lower code


def test_a_block_deletion_absorbs_the_line_findings_inside_it(linter):
    text = "Title\n\nLeave a comment\nName\nEmail\nPost comment\n\nBody text.\n"
    found = checked(linter, [DeleteRule("Q931", "Leave a comment", "block", safe=False, extra=3),
                             DeleteRule("Q932", "Email", "line"),
                             DeleteRule("Q933", "Post", "span")], text)
    assert [f.code for f in found] == ["Q931"]


def test_an_artefact_beside_a_line_another_rule_deletes_is_kept(linter):
    text = "Title\n\nShare this\nBody [ad] text.\n"
    found = checked(linter, [DeleteRule("Q941", "Share this", "line"),
                             DeleteRule("Q942", "[ad]")], text)
    assert [f.code for f in found] == ["Q941", "Q942"]


def test_two_placeholders_on_one_line_are_both_reported_and_fixed_in_one_pass(linter):
    text = ("Titel\n\nDer Minister sprach am Montag.[/caption] Er sagte %%AD_BOX%% das "
            "Budget komme.\n")
    res = linter.check(Document("t.txt", text, "de"))
    assert [f.code for f in res.findings if f.code == "P101"] == ["P101", "P101"]
    res = linter.fix(Document("t.txt", text, "de"))
    assert res.fixed_text == "Titel\n\nDer Minister sprach am Montag. Er sagte das Budget komme.\n"
    assert len(res.passes) == 1


# -- whole-line deletion ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Title\n\nX\n\nBody.\n", "Title\n\nBody.\n", id="middle-between-blanks"),
        pytest.param("Title\nX\nBody.\n", "Title\nBody.\n", id="middle-no-blanks"),
        pytest.param("Title\n\nX\nBody.\n", "Title\n\nBody.\n", id="middle-blank-before"),
        pytest.param("Title\nX\n\nBody.\n", "Title\n\nBody.\n", id="middle-blank-after"),
        pytest.param("X\n\nTitle\nBody.\n", "Title\nBody.\n", id="first-line"),
        pytest.param("X\nTitle\nBody.", "Title\nBody.", id="first-line-no-final-newline"),
        pytest.param("Title\n\nBody.\n\nX\n", "Title\n\nBody.\n", id="last-line-final-newline"),
        pytest.param("Title\n\nBody.\n\nX", "Title\n\nBody.", id="last-line-no-final-newline"),
        pytest.param("Title\nBody.\nX", "Title\nBody.", id="last-line-directly-after-text"),
        pytest.param("Title\n\nX\n\nX\n\nX\n\nBody.", "Title\n\nBody.", id="several-in-middle"),
        pytest.param("Body.\n\nX\n\nX\n", "Body.\n", id="several-at-end"),
        pytest.param("X\n\nX\n\nBody.", "Body.", id="several-at-start"),
        pytest.param("Title\nX\nX\nBody.\n", "Title\nBody.\n", id="adjacent-no-blanks"),
        pytest.param("Title\r\n\r\nX\r\n\r\nBody.\r\n", "Title\r\n\r\nBody.\r\n", id="crlf-middle"),
        pytest.param("Title\r\n\r\nBody.\r\n\r\nX\r\n", "Title\r\n\r\nBody.\r\n", id="crlf-last"),
        pytest.param("Title\r\n\r\nBody.\r\n\r\nX", "Title\r\n\r\nBody.", id="crlf-last-no-eol"),
        pytest.param("X", "", id="only-line"),
    ],
)
def test_whole_line_deletion_removes_the_line_break_and_the_blank_line_it_leaves(text, expected):
    assert delete_lines(text) == expected


def test_deleting_a_line_between_two_double_blank_runs_leaves_no_run_of_three():
    out = delete_lines("Title\n\n\nX\n\n\nBody.\n")
    assert out.split() == ["Title", "Body."]
    assert longest_blank_run(out) <= 2, repr(out)


def _small_texts():
    """Every text of up to six lines drawn from a body line, a blank line and a line to delete."""
    for n in range(1, 7):
        for lines in itertools.product(("A", "", "X"), repeat=n):
            if "X" not in lines:
                continue
            yield "\n".join(lines) + "\n"
            if lines[-1] != "":
                yield "\n".join(lines)


def test_line_deletion_keeps_every_other_line_in_order_and_the_final_newline_state():
    for text in _small_texts():
        out = delete_lines(text)
        kept = [ln for ln in text.splitlines() if ln == "A"]
        assert [ln for ln in out.splitlines() if ln.strip()] == kept, text
        if kept:
            assert out.endswith("\n") == text.endswith("\n"), text


def test_line_deletion_never_leaves_a_longer_blank_run_than_the_text_had():
    bad = [t for t in _small_texts() if longest_blank_run(delete_lines(t)) > longest_blank_run(t)]
    assert bad == []


# -- files: encodings, line endings, idempotence ---------------------------------------------

AD_TEXT = "Council meeting\n\nAdvertisement\n\nThe council met on Monday to vote on the budget.\n"
AD_FIXED = "Council meeting\n\nThe council met on Monday to vote on the budget.\n"


def test_fix_deletes_an_ad_label_line_in_a_file(cli, write):
    f = write("a.txt", AD_TEXT)
    rc, out, _ = cli(["--fix", f])
    assert rc == 0, out
    assert f.read_text(encoding="utf-8") == AD_FIXED


def test_a_second_fix_run_changes_nothing(cli, seeds_copy):
    rc, _, _ = cli(["--fix", "--unsafe-fixes", seeds_copy])
    assert rc in (0, 1)
    first = {p.name: p.read_bytes() for p in seeds_copy.iterdir()}
    assert first != {p.name: p.read_bytes() for p in SEEDS.iterdir()}  # the first run fixed
    cli(["--fix", "--unsafe-fixes", seeds_copy])
    second = {p.name: p.read_bytes() for p in seeds_copy.iterdir()}
    assert second == first
    rc, out, _ = cli(["--diff", "--unsafe-fixes", seeds_copy])
    assert out == ""


def test_seed_fixes_leave_no_longer_blank_run_than_the_original(cli, seeds_copy):
    before = {p.name: p.read_text(encoding="utf-8") for p in seeds_copy.iterdir()}
    cli(["--fix", "--unsafe-fixes", seeds_copy])
    changed = 0
    for name, old in before.items():
        new = (seeds_copy / name).read_text(encoding="utf-8")
        changed += new != old
        assert longest_blank_run(new) <= longest_blank_run(old), name
        assert not new.endswith("\n"), name  # the seeds have no final newline; neither may the fix
    assert changed == 4  # every seed but the clean original 002


def test_crlf_line_endings_are_kept(cli, write):
    f = write("a.txt", AD_TEXT.replace("\n", "\r\n"))
    cli(["--fix", f])
    assert f.read_bytes() == AD_FIXED.replace("\n", "\r\n").encode()


def test_mixed_line_endings_outside_the_fix_are_kept(cli, write):
    f = write("a.txt", b"Council meeting\r\n\r\nAdvertisement\n\nThe council met.\r\nIt voted.\n")
    cli(["--fix", f])
    assert f.read_bytes() == b"Council meeting\r\n\r\nThe council met.\r\nIt voted.\n"


def test_utf8_bom_is_kept(cli, write):
    f = write("a.txt", codecs.BOM_UTF8 + AD_TEXT.encode())
    rc, out, _ = cli(["--fix", f])
    assert rc == 0, out
    assert f.read_bytes() == codecs.BOM_UTF8 + AD_FIXED.encode()


def test_a_bom_file_reports_offsets_into_the_text_without_the_bom(cli, write):
    f = write("a.txt", codecs.BOM_UTF8 + AD_TEXT.encode())
    _rc, out, _ = cli(["--format", "concise", f])
    assert f"{f}:3:1: P201" in out


@pytest.mark.parametrize("codec, bom", [("utf-16-le", codecs.BOM_UTF16_LE),
                                        ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_utf16_file_with_bom_is_read_fixed_and_written_back_in_utf16(cli, write, codec, bom):
    text = "Conseil municipal\n\nPublicité\n\nLe conseil s’est réuni lundi pour voter le budget.\n"
    fixed = "Conseil municipal\n\nLe conseil s’est réuni lundi pour voter le budget.\n"
    f = write("a.txt", bom + text.encode(codec))
    rc, out, _ = cli([f])
    assert rc == 1 and "P201" in out
    rc, out, _ = cli(["--fix", f])
    assert rc == 0, out
    assert f.read_bytes() == bom + fixed.encode(codec)


@pytest.mark.parametrize("final", ["", "\n", "\r\n"], ids=["no-eol", "lf", "crlf"])
def test_presence_or_absence_of_the_final_newline_is_kept(cli, write, final):
    eol = final or "\n"
    text = eol.join(["Budget", "", "Anonim", "", ("Written by {{ article.author }} for the "
                     "evening edition.")]) + final
    f = write("a.txt", text)
    cli(["--fix", f])
    expected = eol.join(["Budget", "", "Written by for the evening edition."]) + final
    assert f.read_bytes() == expected.encode()


def test_bytes_outside_the_edits_are_unchanged(cli, write):
    before = ("Météo\t \r\n"
              "   Indented line with trailing spaces   \n"
              "  \n"
              "Emoji 🌧️ and decomposed e\u0301 and “quotes” — dashes.\n"
              "Written by {{ article.author }} for the evening edition.\n"
              "Tabs\there\tand\tthere.\t\n"
              "\n"
              "Last line, no newline, trailing space ")
    expected = before.replace("{{ article.author }} ", "")
    f = write("a.txt", before)
    rc, out, _ = cli(["--fix", "--select", "P101", f])
    assert rc == 0, out
    assert f.read_bytes() == expected.encode()


def test_a_file_with_nothing_to_fix_is_not_rewritten(cli, write):
    f = write("a.txt", "The council met on Monday.\n")
    before = os.stat(f)
    rc, _, _ = cli(["--fix", f])
    assert rc == 0
    assert os.stat(f).st_ino == before.st_ino


def test_a_fixed_file_keeps_its_permissions(cli, write):
    f = write("a.txt", AD_TEXT)
    os.chmod(f, 0o640)
    cli(["--fix", f])
    assert f.read_text(encoding="utf-8") == AD_FIXED
    assert os.stat(f).st_mode & 0o777 == 0o640


def test_unsafe_fixes_are_applied_only_with_unsafe_fixes(cli, write):
    text = "The mayor\u200f spoke on Monday.\n"
    f = write("a.txt", text)
    rc, out, _ = cli(["--fix", f])
    assert rc == 1 and "E105" in out
    assert f.read_text(encoding="utf-8") == text
    rc, out, _ = cli(["--fix", "--unsafe-fixes", f])
    assert rc == 0, out
    assert f.read_text(encoding="utf-8") == "The mayor spoke on Monday.\n"


def test_safe_fix_of_a_repeated_line_keeps_its_first_copy():
    # A live-text line repeated by a widget: the safe fix removes only the copy (rule C101).
    text = ("Live: Partick Thistle v Raith Rovers in the Championship\n\n78'\n\nGOAL! Thistle 2-1 Raith (Brian Graham)\n\n"
            "GOAL! Thistle 2-1 Raith (Brian Graham)\n\nWhat a moment for the striker.")
    linter = Linter(Settings())
    safe = linter.fix(Document("a.txt", text, "en"), unsafe=False).fixed_text
    assert safe.count("GOAL!") == 1
    # Under its minute stamp the first copy is the entry itself: unsafe fixes keep it too.
    unsafe = linter.fix(Document("a.txt", text, "en"), unsafe=True).fixed_text
    assert unsafe.count("GOAL!") == 1


def test_a_headline_repeated_under_a_widget_keeps_its_first_copy_unflagged():
    text = ("Lausanne 9° Averses\nPrévisions à 7 jours\n\nLe oui l'emporte de justesse à Fey\n\n"
            "Le oui l'emporte de justesse à Fey\n\nLes électeurs ont accepté la fusion.")
    res = Linter(Settings()).check(Document("a.txt", text, "fr"))
    c101 = [f for f in res.findings if f.code == "C101"]
    assert [f.start for f in c101] == [text.rindex("Le oui")]


def test_a_refrain_around_a_verse_line_survives_safe_fixes():
    # Copies with a line between them: the line may be content, so removing a copy is unsafe.
    text = ("Derby ends level\n\nThe stands sang all afternoon:\n\nJazda, jazda, Biała Gwiazda\n"
            "cała Polska śpiewa z nami\nJazda, jazda, Biała Gwiazda\n\nThe match ended 1-1.\n")
    linter = Linter(Settings())
    res = linter.fix(Document("a.txt", text, "en"), unsafe=False)
    assert res.fixed_text is None or res.fixed_text.count("Jazda, jazda") == 2


def test_copies_around_an_ad_label_are_joined_by_the_next_safe_fix_pass():
    # The ad label goes first (its own rule); the copies are then adjacent and the repeat goes.
    text = ("Title\n\nThe council met until late on Monday night.\nAdvertisement\n"
            "The council met until late on Monday night.\nThen it voted.\n")
    fixed = Linter(Settings()).fix(Document("a.txt", text, "en"), unsafe=False).fixed_text
    assert fixed == "Title\n\nThe council met until late on Monday night.\nThen it voted.\n"


def test_a_title_reused_far_below_as_a_heading_is_not_removed_by_safe_fixes():
    body = "\n\n".join(f"Paragraph {i} of the harvest report, with figures." for i in range(8))
    text = (f'"We will not leave them on the branch"\n\n{body}\n\n'
            f'"We will not leave them on the branch"\n\nThe growers met in Isparta.\n')
    linter = Linter(Settings())
    safe = linter.fix(Document("a.txt", text, "en"), unsafe=False).fixed_text
    assert (safe or text).count("leave them on the branch") == 2
    unsafe = linter.fix(Document("a.txt", text, "en"), unsafe=True).fixed_text
    assert unsafe.count("leave them on the branch") == 1
