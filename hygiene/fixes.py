"""Applies fixes: picks non-overlapping ones, merges line deletions, keeps blank runs short."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Edit, Finding


def select_fixes(findings: Iterable[Finding], unsafe: bool) -> list[Finding]:
    """The findings whose fixes apply, in a deterministic order, skipping overlaps.

    A fix is applied whole or not at all; when two fixes touch the same text, the one that starts
    first (then the wider one, then the lower code) wins and the other waits for the next pass.
    """
    candidates = [
        f for f in findings if f.fix and f.fix.edits and (unsafe or f.fix.is_safe)
    ]
    candidates.sort(
        key=lambda f: (
            min(e.start for e in f.fix.edits),
            -max(e.end for e in f.fix.edits),
            f.code,
        )
    )
    taken: list[Edit] = []
    chosen = []
    for f in candidates:
        if any(_overlaps(e, t) for e in f.fix.edits for t in taken):
            continue
        taken.extend(f.fix.edits)
        chosen.append(f)
    return chosen


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # insertions conflict only at the same point
        return a.start == b.start or (b.start < a.start < b.end) or (a.start < b.start < a.end)
    return a.start < b.end and b.start < a.end


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits; whole-line deletions are merged and blank runs collapsed."""
    return splice(text, final_edits(text, edits))


def final_edits(text: str, edits: Iterable[Edit]) -> list[Edit]:
    """The edits as they are really applied (line deletions merged and widened), sorted."""
    return _merge_line_deletions(text, sorted(set(edits)))


def splice(text: str, edits: list[Edit]) -> str:
    out = []
    pos = 0
    for e in edits:
        out.append(text[pos : e.start])
        out.append(e.content)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def _is_line_start(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] == "\n"


def _is_line_deletion(text: str, e: Edit) -> bool:
    return (
        e.content == ""
        and e.end > e.start
        and _is_line_start(text, e.start)
        and (e.end == len(text) or _is_line_start(text, e.end))
    )


def _blank_line_after(text: str, i: int) -> int | None:
    """If a blank line starts at ``i``, the offset after it."""
    j = i
    while j < len(text) and text[j] in " \t\r\f\v\u00a0":
        j += 1
    if j < len(text) and text[j] == "\n":
        return j + 1
    return None


def _merge_line_deletions(text: str, edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in edits:
        if out and _is_line_deletion(text, e) and _is_line_deletion(text, out[-1]):
            gap_end = out[-1].end
            while gap_end < e.start:
                nxt = _blank_line_after(text, gap_end)
                if nxt is None:
                    break
                gap_end = nxt
            if gap_end >= e.start:
                out[-1] = Edit(out[-1].start, max(e.end, out[-1].end), "")
                continue
        out.append(e)
    return [_collapse(text, e) if _is_line_deletion(text, e) else e for e in out]


def _collapse(text: str, e: Edit) -> Edit:
    """Widen a whole-line deletion so it leaves no longer blank run than the text had."""
    start, end = e.start, e.end
    if end >= len(text):
        # Deleting to the end: drop the blank lines before, keep the final-newline state.
        final = _final_newline(text)
        k = start
        while k > 0 and _line_before_is_blank(text, k):
            k = text.rfind("\n", 0, k - 1) + 1
        if k == 0:
            return Edit(0, len(text), "")
        content_end = k - 1 if text[k - 2 : k] != "\r\n" else k - 2
        return Edit(content_end, len(text), final)
    if start == 0:
        while end < len(text):
            nxt = _blank_line_after(text, end)
            if nxt is None:
                break
            end = nxt
        return Edit(0, end, "")
    # The blank runs before and after the deleted lines join: keep the longer of the two.
    before = 0
    k = start
    while k > 0 and _line_before_is_blank(text, k):
        before += 1
        k = text.rfind("\n", 0, k - 1) + 1
    for _ in range(before):
        after = _blank_line_after(text, end)
        if after is None:
            break
        end = after
    return Edit(start, end, "")


def _line_before_is_blank(text: str, line_start: int) -> bool:
    if line_start == 0:
        return False
    prev_start = text.rfind("\n", 0, line_start - 1) + 1
    return not text[prev_start : line_start - 1].strip()


def _final_newline(text: str) -> str:
    if text.endswith("\r\n"):
        return "\r\n"
    if text.endswith("\n"):
        return "\n"
    return ""
