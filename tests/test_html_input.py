"""HTML pages: the article is extracted with trafilatura, findings point into that text, the HTML
itself is never rewritten, and `hygiene extract` writes the cleaned text beside it."""

from __future__ import annotations

import json

PAGE = """<html><head><title>Le conseil vote</title></head><body>
<nav>Accueil » Monde</nav><article><h1>Le conseil municipal vote le budget</h1>
<p>Le conseil municipal a voté lundi soir le budget de la ville pour l'année prochaine, après un
long débat entre la majorité et l'opposition.</p>
<p>Publicité</p>
<p>Le maire a expliqué que les impôts locaux resteraient stables, selon l'AFP, et que les écoles
de la ville seraient rénovées au cours de l'été.</p>
</article></body></html>
"""


def test_findings_point_into_the_extracted_text_and_fix_never_touches_html(cli, tmp_path):
    page = tmp_path / "a.html"
    page.write_text(PAGE, encoding="utf-8")
    rc, out, _ = cli(["--isolated", "--fix", "--format", "json", str(page)])
    data = json.loads(out)
    assert [f["code"] for f in data["findings"]] == ["P201"]
    assert page.read_text(encoding="utf-8") == PAGE  # HTML is never rewritten
    assert rc == 1


def test_extract_writes_the_cleaned_text_beside_the_page(cli, tmp_path):
    page = tmp_path / "a.html"
    page.write_text(PAGE, encoding="utf-8")
    rc, out, _ = cli(["extract", str(page)])
    text = (tmp_path / "a.txt").read_text(encoding="utf-8")
    assert rc == 0 and "Publicité" not in text
    assert "Le conseil municipal a voté lundi soir" in text and "<p>" not in text
    rc, _out, err = cli(["extract", str(page)])
    assert rc == 2 and "exists" in err  # never overwrites without --force
