"""The HTML report: one self-contained file, its numbers and data, and what a person sees in it.

The first half reads the file as text. The second half opens it in headless Chromium through
Selenium (Debian's ``chromium`` and ``chromium-driver``, ``pip install selenium``) and is skipped
with the reason when they are missing. With ``HYGIENE_SCREENSHOTS=1`` it also saves
``bench/screenshots/overview.png`` and ``bench/screenshots/document.png``.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hygiene.config import Settings
from hygiene.engine import DocResult, Linter
from hygiene.model import Document, Edit, Finding, Fix, Severity
from hygiene.report import html_report
from hygiene.run import RunResult

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SCREENSHOTS = REPO / "bench" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
DATA_BLOCK = re.compile(
    r'<script type="application/json" id="hygiene-data">(.*?)</script>', re.DOTALL)


# -- reading the file ---------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stats: dict[str, str] = {}
        self._stat = None
        self._in_num = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "data-stat" in a:
            self._stat = a["data-stat"]
        if self._stat and a.get("class") == "num":
            self._in_num = True

    def handle_endtag(self, tag):
        self._in_num = False

    def handle_data(self, data):
        if self._in_num:
            self.stats[self._stat] = data.strip()
            self._stat = None


def _data(page: str) -> dict:
    blocks = DATA_BLOCK.findall(page)
    assert len(blocks) == 1, "exactly one embedded JSON block"
    return json.loads(blocks[0])


def _render(result: RunResult) -> str:
    out = io.StringIO()
    html_report.write(result, out, {})
    return out.getvalue()


@pytest.fixture
def seed_report(cli, seeds_copy):
    """(html text, JSON report, checked folder) for the seed corpus."""
    root = seeds_copy.parent
    rc, _, err = cli(["--format", "html", "-o", "report.html", "seeds"], cwd=root)
    assert rc == 1, err
    rc, out, err = cli(["--format", "json", "seeds"], cwd=root)
    assert rc == 1, err
    return (root / "report.html").read_text(encoding="utf-8"), json.loads(out), root


def test_html_is_one_self_contained_document(seed_report):
    page, _, _ = seed_report
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<html") == 1 and page.rstrip().endswith("</html>")
    parser = _Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base"), (tag, attrs)
        if tag == "script":
            assert "src" not in attrs, attrs
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value), (tag, attrs)
            assert not value.strip().lower().startswith("javascript:") or tag == "a", attrs
    # Outside the embedded article texts (which quote URLs) there is no address at all.
    outside = DATA_BLOCK.sub("", page)
    assert "http://" not in outside and "https://" not in outside
    assert "@import" not in outside and not re.search(r"url\(\s*['\"]?(?!data:)", outside)
    assert outside.count("<style>") == 1 and outside.count("<script>") == 1


def test_html_overview_shows_the_run_numbers(seed_report):
    page, report, _ = seed_report
    parser = _Tags()
    parser.feed(page)
    assert parser.stats["documents"] == "5"
    assert parser.stats["findings"] == f"{report['summary']['findings']:,}"
    assert parser.stats["fixable"] == str(report["summary"]["fixable"])
    # One bar per family with findings, labelled with its count; the top-rules chart.
    for family, n in report["summary"]["by_family"].items():
        assert re.search(rf"<text class=\"lbl\"[^>]*>{family}</text>.*?>{n}</text>", page), family
    assert 'id="chart-rule"' in page and 'id="chart-language"' in page
    # A quality-score histogram exactly when the run scored its documents.
    mean = report["summary"].get("mean_quality")
    assert ('id="chart-score"' in page) == (mean is not None)
    if mean is not None:
        assert parser.stats["quality"] == f"{mean:g}"


def test_html_embeds_every_document_and_finding_as_json(seed_report):
    page, report, root = seed_report
    data = _data(page)
    assert len(data["docs"]) == 5
    by_path = {d["p"]: d for d in data["docs"]}
    assert set(by_path) == {f"seeds/{p.name}" for p in SEEDS.glob("*.txt")}
    for path, doc in by_path.items():
        assert doc["t"] == (root / path).read_text(encoding="utf-8")
        assert doc["l"] in ("en", "fr", "de")
    assert sum(len(d["f"]) for d in data["docs"]) == report["summary"]["findings"]
    expected = Counter((f["path"], f["code"], f["start"], f["end"]) for f in report["findings"])
    got = Counter()
    for doc in data["docs"]:
        for row in doc["f"]:
            code, _name, fam = data["rules"][row[0]]
            got[(doc["p"], code, row[1], row[2])] += 1
            assert data["families"][fam] in report["summary"]["by_family"]
            assert data["severities"][row[3]] in ("info", "warning", "error")
            assert data["strings"][row[4]]
    assert got == expected
    # A fix carries its applicability, message and edits.
    fixes = [row[9] for d in data["docs"] for row in d["f"] if row[9]]
    assert len(fixes) == report["summary"]["fixable"] + report["summary"]["unsafe_fixable"]
    assert all(f[0] in (0, 1) and data["strings"][f[1]] and f[2] for f in fixes)


def test_html_text_cannot_break_out_of_the_data_block():
    nasty = ("Headline\n</script><script>alert(1)</script>\n<!-- x --> <b>bold</b> &amp; "
             "</SCRIPT >\n")
    doc = Document("a/</script>.txt", nasty, "en")
    f = Finding("B999", "x", "boilerplate", Severity.ERROR, "</script><img src=x>", 9, 44,
                Fix.safe("drop <script>", Edit(9, 44, "")))
    page = _render(RunResult(results=[DocResult(doc, [f])], files=1))
    block = DATA_BLOCK.search(page).group(1)
    assert "</script" not in block.lower() and "<!--" not in block
    data = _data(page)
    assert data["docs"][0]["t"] == nasty and data["docs"][0]["p"] == "a/</script>.txt"
    assert page.count("<script") == 2


def test_html_offsets_are_utf16_for_javascript():
    text = "Titre 😀 🎉\n$config[ads_kvadrat] not found\nLe maire 🙂 a parlé.\n"
    doc = Document("emoji.txt", text, "fr")
    res = Linter(Settings()).check(doc)
    spans = [(f.start, f.end) for f in res.findings if f.start is not None]
    assert spans, "the placeholder line is flagged"
    res.findings.append(Finding("X001", "after-emoji", "caption", Severity.INFO, "m",
                                text.index("🙂"), text.index("🙂") + 1))
    data = _data(_render(RunResult(results=[res], files=1)))
    js_text = data["docs"][0]["t"].encode("utf-16-le")
    for f, row in zip(res.findings, data["docs"][0]["f"]):
        if f.start is None:
            continue
        shown = js_text[2 * row[1]:2 * row[2]].decode("utf-16-le")
        assert shown == text[f.start:f.end]
        for (s, e, _), edit in zip(row[9][2] if row[9] else [], f.fix.edits if f.fix else []):
            assert js_text[2 * s:2 * e].decode("utf-16-le") == text[edit.start:edit.end]


def test_html_quality_scores_make_a_column_and_a_histogram():
    results = []
    for i, score in enumerate([0.2, 0.55, 0.9]):
        doc = Document(f"d{i}.txt", "Some text.\n", "en")
        results.append(DocResult(doc, [Finding("S100", "quality", "source", Severity.INFO,
                                               f"score {score}", extra={"score": score})]))
    results.append(DocResult(Document("none.txt", "No score.\n", None), []))
    page = _render(RunResult(results=results, files=4))
    assert 'id="chart-score"' in page and "median 0.55" in page
    assert [d["s"] for d in _data(page)["docs"]] == [0.2, 0.55, 0.9, None]
    assert _data(page)["docs"][3]["l"] == "und"


def test_html_survives_odd_input():
    # An empty run, a lone surrogate (an undecodable file name), a plugin family, spans past
    # the end of the text and zero-length spans.
    assert '<div class="num">0</div>' in _render(RunResult())
    doc = Document("bad\udcff.txt", "x\udcfey", None)
    findings = [Finding("Z100", "odd", "plugin family", Severity.WARNING, "m", 1, 99),
                Finding("Z101", "point", "caption", Severity.INFO, "m", 2, 2)]
    out = io.BytesIO()
    stream = io.TextIOWrapper(out, encoding="utf-8")
    html_report.write(RunResult(results=[DocResult(doc, findings)], files=1), stream, {})
    stream.flush()
    page = out.getvalue().decode("utf-8")
    data = _data(page)
    assert data["docs"][0]["p"] == "bad\udcff.txt"
    assert data["docs"][0]["f"][0][1:3] == [1, 3]
    assert "plugin family" in data["families"] and ".fam-plugin-family{" in page


# -- in a real browser --------------------------------------------------------------------------

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", "--disable-dev-shm-usage", "--window-size=1440,900")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.skip(f"real-browser test: {' and '.join(missing)} not found "
                    "(apt-get install chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("real-browser test: selenium is not installed (pip install selenium)")
    mp = pytest.MonkeyPatch()
    mp.setenv("SE_OFFLINE", "1")  # Selenium Manager must never try to download a driver
    opts = Options()
    opts.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        mp.undo()


@pytest.fixture(scope="module")
def seed_html(run_cli, tmp_path_factory):
    """The report on a copy of seeds/, made by ``python -m hygiene``, and the JSON report."""
    root = tmp_path_factory.mktemp("html-seeds")
    shutil.copytree(SEEDS, root / "seeds")
    rc, _, err = run_cli(["check", "--format", "html", "-o", "report.html", "seeds"], cwd=root)
    assert rc == 1, err
    rc, out, err = run_cli(["check", "--format", "json", "seeds"], cwd=root)
    assert rc == 1, err
    page = (root / "report.html").read_text(encoding="utf-8")
    return root / "report.html", json.loads(out), _data(page)


@pytest.fixture
def page(browser, seed_html):
    from selenium.webdriver.support.ui import WebDriverWait

    path, report, data = seed_html
    browser.get(path.as_uri())
    WebDriverWait(browser, 20).until(
        lambda d: d.execute_script("return document.documentElement.dataset.ready === '1'"))
    browser.get_log("browser")  # start each test with an empty console
    return browser, report, data


def _css(driver, selector):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def _row_paths(driver) -> list[str]:
    return [r.find_element("css selector", "td.path").get_attribute("title")
            for r in _css(driver, "tr.doc-row") if r.is_displayed()]


def _open(driver, data, index: int):
    row = _css(driver, f'tr.doc-row[data-i="{index}"]')[0]
    row.click()
    section = _css(driver, f"#doc-{index}")[0]
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", section)
    return section


def _shown_families(driver, section) -> Counter:
    fams = Counter()
    for m in section.find_elements("css selector", "mark.hl"):
        if m.is_displayed():
            fams.update(c[4:] for c in m.get_attribute("class").split() if c.startswith("fam-"))
    return fams


def _richest(data) -> int:
    """The document whose findings span the most families."""
    return max(range(len(data["docs"])),
               key=lambda i: len({data["rules"][r[0]][2] for r in data["docs"][i]["f"]}))


def test_browser_overview_shows_documents_and_findings(page):
    driver, report, _ = page
    stat = {s.get_attribute("data-stat"): s.find_element("css selector", ".num").text
            for s in _css(driver, ".stat")}
    assert stat["documents"] == "5"
    assert stat["findings"] == f"{report['summary']['findings']:,}"
    assert len(_row_paths(driver)) == 5
    status = _css(driver, "#f-status")[0].text
    assert f"{report['summary']['findings']} of {report['summary']['findings']} findings" in status
    bars = [b for b in _css(driver, "#chart-family rect.bar") if b.is_displayed()]
    assert len(bars) == len(report["summary"]["by_family"])
    assert all(b.size["width"] > 0 for b in bars)


def test_browser_opening_a_document_shows_visible_highlights(page):
    driver, _, data = page
    i = _richest(data)
    section = _open(driver, data, i)
    marks = [m for m in section.find_elements("css selector", "mark.hl") if m.is_displayed()]
    assert marks, "the opened document shows highlighted spans"
    for m in marks[:5]:
        assert m.size["width"] > 0 and m.size["height"] > 0
    doc = data["docs"][i]
    first = min((r for r in doc["f"] if r[1] is not None), key=lambda r: (r[1], -r[2]))
    assert marks[0].text.strip() == doc["t"][first[1]:first[2]].split("\n")[0].strip()
    # The text is the document's own text, escaped (no markup leaks through).
    text = section.find_element("css selector", ".text").text
    assert doc["t"].split("\n")[0].strip() in text


def test_browser_hover_and_click_show_the_finding_and_its_fix(page):
    from selenium.webdriver.common.action_chains import ActionChains

    driver, _, data = page
    i = _richest(data)
    section = _open(driver, data, i)
    fixed = [m for m in section.find_elements("css selector", "mark.hl")
             if m.is_displayed() and data["docs"][i]["f"][
                 int(m.get_attribute("data-f").split()[0])][9]]
    mark = fixed[0]
    row = data["docs"][i]["f"][int(mark.get_attribute("data-f").split()[0])]
    code = data["rules"][row[0]][0]
    ActionChains(driver).move_to_element(mark).perform()
    pop = _css(driver, "#popover")[0]
    assert pop.is_displayed()
    assert code in pop.text and data["strings"][row[4]] in pop.text
    assert data["severities"][row[3]] in pop.text.lower()
    assert ("safe fix" if row[9][0] == 0 else "unsafe fix") in pop.text.lower()
    assert "before" in pop.text.lower() and "after" in pop.text.lower()
    # A click pins it: it stays when the pointer leaves, and Escape closes it.
    mark.click()
    ActionChains(driver).move_to_element(section.find_element("css selector", ".doc-head"))\
        .perform()
    assert pop.is_displayed() and code in pop.text
    ActionChains(driver).send_keys("\ue00c").perform()  # Escape
    assert not pop.is_displayed()


def test_browser_family_filter_hides_other_families_highlights(page):
    driver, _, data = page
    i = _richest(data)
    section = _open(driver, data, i)
    before = _shown_families(driver, section)
    assert len(before) >= 2, before
    family = min(before)
    chip = next(c for c in _css(driver, '.chip[data-filter="fam"]')
                if c.get_attribute("class").split()[1] == f"fam-{family}")
    chip.click()
    assert chip.get_attribute("aria-pressed") == "true"
    section = _css(driver, f"#doc-{i}")[0]
    after = _shown_families(driver, section)
    assert set(after) == {family} and after[family] == before[family]
    # Documents without a finding of that family are hidden from the table.
    fam_index = data["families"].index(family)
    expected = {d["p"] for d in data["docs"]
                if any(data["rules"][r[0]][2] == fam_index for r in d["f"])}
    assert set(_row_paths(driver)) == expected
    # Clicking it again brings everything back.
    chip.click()
    assert len(_row_paths(driver)) == 5
    assert _shown_families(driver, _css(driver, f"#doc-{i}")[0]) == before


def test_browser_sorting_by_a_column_changes_the_row_order(page):
    driver, _, data = page
    original = _row_paths(driver)
    header = _css(driver, 'th[data-key="total"] button')[0]
    header.click()
    counts = {d["p"]: len(d["f"]) for d in data["docs"]}
    index = {d["p"]: n for n, d in enumerate(data["docs"])}
    descending = sorted(original, key=lambda p: (-counts[p], index[p]))
    assert _row_paths(driver) == descending != original
    assert _css(driver, 'th[data-key="total"]')[0].get_attribute("aria-sort") == "descending"
    _css(driver, 'th[data-key="total"] button')[0].click()
    assert _row_paths(driver) == sorted(original, key=lambda p: (counts[p], index[p]))


def test_browser_console_has_no_errors(page):
    driver, _, data = page
    _open(driver, data, _richest(data))
    _css(driver, 'th[data-key="path"] button')[0].click()
    _css(driver, '.chip[data-filter="sev"]')[0].click()
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert not errors, errors


@pytest.mark.skipif(os.environ.get("HYGIENE_SCREENSHOTS") != "1",
                    reason="set HYGIENE_SCREENSHOTS=1 to save screenshots")
def test_browser_screenshots(page):
    driver, _, data = page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    assert driver.save_screenshot(str(SCREENSHOTS / "overview.png"))
    i = _richest(data)
    section = _open(driver, data, i)
    marks = [m for m in section.find_elements("css selector", "mark.hl") if m.is_displayed()]
    pick = next((m for m in marks if data["docs"][i]["f"][
        int(m.get_attribute("data-f").split()[0])][9]), marks[0])
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'});"
                          "window.scrollBy(0, -120)", section)
    pick.click()
    assert driver.save_screenshot(str(SCREENSHOTS / "document.png"))
