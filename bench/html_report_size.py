"""Size and speed of the HTML report on a large synthetic run.

    python bench/html_report_size.py [-n 10000] [-o report.html] [--no-scores] [--no-browser]

Builds N documents from the development corpus (tests/corpus/*/*.txt, markup stripped as in
bench/quality.py), lints each distinct text once, gives every copy its own path and, unless
--no-scores, a quality score (the engine's, or a document-level ``source`` finding carrying one
when the engine scores nothing, so the score column and histogram are exercised), then times
``hygiene.report.html_report.write`` on the RunResult and prints the file size. When headless Chromium, chromedriver and Selenium are available it also
loads the file and times the page: load, first render, opening a document, sorting, filtering.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from quality import parse

from hygiene.config import Settings
from hygiene.engine import DocResult, Linter
from hygiene.model import Document, Finding, Severity
from hygiene.report import html_report
from hygiene.run import RunResult

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def build_result(n: int, scores: bool = True, corpus: Path | None = None) -> RunResult:
    corpus = corpus or HERE.parent / "tests" / "corpus"
    files = sorted(corpus.glob("*/*.txt"))
    if not files:
        raise SystemExit(f"no corpus files under {corpus}")
    linter = Linter(Settings())
    base = []
    for path in files:
        text, _ = parse(path.read_text(encoding="utf-8"))
        res = linter.check(Document(str(path), text, path.parent.name))
        base.append((path, text, res.findings, getattr(res, "score", None)))
    rng = random.Random(8)
    out = RunResult(files=n)
    for i in range(n):
        path, text, findings, engine_score = base[i % len(base)]
        name = f"synthetic/{path.parent.name}/{i:05d}_{path.stem}.txt"
        doc = Document(name, text, path.parent.name)
        copies = [dataclasses.replace(f, path=name) for f in findings]
        if scores and engine_score is None:  # an engine without the score plugin
            score = round(min(1.0, max(0.0, rng.gauss(0.72 - 0.04 * len(findings), 0.12))), 3)
            copies.insert(0, Finding("S900", "quality-score", "source", Severity.INFO,
                                     f"Document quality score {score}", path=name,
                                     extra={"score": score}))
        res = DocResult(doc, copies)
        if scores and engine_score is not None:
            res.score = engine_score
        out.results.append(res)
    return out


def time_write(result: RunResult, path: Path, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        with open(path, "w", encoding="utf-8") as fh:
            html_report.write(result, fh, {})
        times.append(time.perf_counter() - t)
    return times


def browser_timings(path: Path) -> dict | None:
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        print("browser: skipped (no /usr/bin/chromium or /usr/bin/chromedriver)")
        return None
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        print("browser: skipped (selenium is not installed)")
        return None
    os.environ.setdefault("SE_OFFLINE", "1")
    profile = tempfile.mkdtemp(prefix="hygiene-chromium-")
    opts = Options()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--no-first-run", "--disable-dev-shm-usage", "--window-size=1440,900",
                f"--user-data-dir={profile}"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    try:
        driver.set_page_load_timeout(300)
        t = time.perf_counter()
        driver.get(path.as_uri())
        wall = time.perf_counter() - t
        nav = driver.execute_script(
            "var n = performance.getEntriesByType('navigation')[0];"
            "return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,"
            " ready: window.hygieneReport.ready, init: window.hygieneReport.initMs,"
            " heap: performance.memory ? performance.memory.usedJSHeapSize : null};")

        def timed(js: str) -> float:
            return driver.execute_script(
                "var t = performance.now();" + js +
                "document.body.offsetHeight; return performance.now() - t;")

        nav["open_doc"] = timed("document.querySelector('tr.doc-row').click();")
        nav["sort"] = timed("document.querySelector('th[data-key=total] button').click();")
        nav["filter"] = timed("document.querySelector('.chip[data-filter=fam]').click();")
        nav["last_page"] = timed(
            "var b = document.querySelectorAll('#pager button[data-page]');"
            "b[b.length - 2].click();")
        nav["wall"] = wall * 1000
        return nav
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10_000, help="number of documents (10000)")
    ap.add_argument("-o", "--output", help="keep the report here (default: a temporary file)")
    ap.add_argument("--repeat", type=int, default=3, help="write the report this many times")
    ap.add_argument("--no-scores", action="store_true", help="no quality scores")
    ap.add_argument("--no-browser", action="store_true", help="do not time the page")
    args = ap.parse_args()

    t = time.perf_counter()
    result = build_result(args.n, scores=not args.no_scores)
    build = time.perf_counter() - t
    tmp = None
    if args.output:
        out = Path(args.output).resolve()
    else:
        tmp = tempfile.mkdtemp(prefix="hygiene-html-")
        out = Path(tmp) / "report.html"
    try:
        times = time_write(result, out, max(1, args.repeat))
        size = out.stat().st_size
        text_bytes = sum(len(r.document.text.encode("utf-8")) for r in result.results)
        print(f"documents: {len(result.results):,}   findings: {len(result.findings):,}   "
              f"(built in {build:.1f} s)")
        print(f"size: {size:,} bytes ({size / 2**20:.1f} MiB); document text alone "
              f"{text_bytes / 2**20:.1f} MiB, so {size / max(1, text_bytes):.2f}x the text")
        print(f"write: best {min(times):.2f} s, median {sorted(times)[len(times) // 2]:.2f} s "
              f"over {len(times)} run(s)")
        if not args.no_browser:
            b = browser_timings(out)
            if b:
                heap = f", JS heap {b['heap'] / 2**20:.0f} MiB" if b.get("heap") else ""
                print(f"browser: page ready {b['ready']:.0f} ms after navigation (script "
                      f"{b['init']:.0f} ms, DOMContentLoaded {b['dcl']:.0f} ms, load "
                      f"{b['load']:.0f} ms; driver.get {b['wall']:.0f} ms{heap})")
                print(f"browser: open a document {b['open_doc']:.0f} ms, sort by findings "
                      f"{b['sort']:.0f} ms, family filter {b['filter']:.0f} ms, last page "
                      f"{b['last_page']:.0f} ms")
        if args.output:
            print(f"report: {out}")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
