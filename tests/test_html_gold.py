"""The saved HTML pages under tests/data/html_pages are annotated in tests/corpus as h_<slug>.txt
(trafilatura's extraction with gold markup). If trafilatura extracts them differently, the gold
no longer describes what hygiene sees and must be re-annotated."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
import trafilatura

from hygiene.io.readers import read_html

ROOT = Path(__file__).resolve().parent
PAGES = sorted((ROOT / "data" / "html_pages").glob("*.html"))
GOLD_TRAFILATURA = "2.3.1"  # the version the h_*.txt gold was extracted with
_MARK = regex.compile(r"⟦[a-z]+:(.*?)⟧", regex.DOTALL)


def _gold_text(page: Path) -> str:
    lang, slug = page.stem.split("-", 1)
    raw = (ROOT / "corpus" / lang / f"h_{slug}.txt").read_text(encoding="utf-8")
    return _MARK.sub(r"\1", raw)


def test_every_saved_page_has_its_gold():
    assert len(PAGES) == 14
    for page in PAGES:
        assert _gold_text(page)


@pytest.mark.skipif(trafilatura.__version__ != GOLD_TRAFILATURA,
                    reason=f"gold extracted with trafilatura {GOLD_TRAFILATURA}, installed "
                           f"{trafilatura.__version__}: re-extract and re-annotate h_*.txt")
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_the_html_reader_extracts_exactly_the_annotated_text(page):
    doc = read_html(str(page), page.read_bytes())
    assert doc.text == _gold_text(page), (
        f"trafilatura now extracts {page.name} differently from the annotated text; "
        f"re-annotate tests/corpus/*/h_*.txt from the new extraction")
