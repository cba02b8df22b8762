"""Opens a zhkb report in the system Chromium (Playwright) and checks it as a reader would.

    browser_test.py REPORT.html [--screenshots DIR] [--open-only]

Checks: no console error or page error; no request leaves the file (the page is self-contained);
CJK font present for the page's Chinese; every chart canvas of the overview drew pixels; a
series point leads to its facts; the fact table filters, sorts and pages; a fact link opens the
article and scrolls its highlighted quantity into view; the article page highlights entities.
Saves desktop and phone-width screenshots into DIR when given. Prints each check and
"N passed, N failed"; exits 1 when a check failed. --open-only prints the time the page takes
to open (navigation start to the script's first render) and nothing else.
"""
import argparse
import os
import sys
import time

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("ZHKB_CHROMIUM", "/usr/bin/chromium")
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}{': ' + str(detail) if detail else ''}")


# Non-transparent pixels of a canvas (a chart that drew nothing has none).
PIXELS = """(c) => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"""


def drawn(page, canvas):
    """Waits until the chart of a canvas exists (charts are made when they come near the screen)."""
    try:
        page.wait_for_function("(c) => !!Chart.getChart(c)", arg=canvas, timeout=5000)
    except Exception:
        pass  # the pixel check reports it


def in_viewport(page, selector):
    return page.evaluate("""(s) => { const e = document.querySelector(s); if (!e) return false;
      const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight && r.height > 0; }""", selector)


def open_page(browser, url, width, height, errors, requests):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:", "about:")) else None)
    page.goto(url, wait_until="load")
    return page


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("--screenshots")
    ap.add_argument("--open-only", action="store_true")
    args = ap.parse_args()
    url = "file://" + os.path.abspath(args.report)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        errors, requests = [], []
        if args.open_only:
            start = time.monotonic()
            page = open_page(browser, url, 1366, 900, errors, requests)
            page.wait_for_selector("#fact-table tbody tr")
            wall = time.monotonic() - start
            t = page.evaluate("({ ...window.zhkbTiming, load: performance.getEntriesByType('navigation')[0].loadEventEnd })")
            print(f"opened in {wall:.2f} s: page parsed at {t['start'] / 1000:.2f} s, data parsed +{(t['parsed'] - t['start']) / 1000:.2f} s, "
                  f"rendered +{(t['rendered'] - t['parsed']) / 1000:.2f} s, load event {t['load'] / 1000:.2f} s; errors: {len(errors)}")
            browser.close()
            return 0 if not errors else 1

        page = open_page(browser, url, 1366, 900, errors, requests)
        page.wait_for_selector("#fact-table tbody tr")
        check("page opened without console errors", not errors, errors[:3])
        check("no request leaves the file", not requests, requests[:3])
        check("a CJK font renders the Chinese", page.evaluate(
            "document.fonts.check('16px \"Noto Sans CJK SC\"', '统计数据')"))
        facts = page.evaluate("JSON.parse(document.getElementById('zhkb-data').textContent).facts.length")
        check("the report has facts", facts > 0, facts)

        # Every chart of the overview drew (scrolled into view first, as a reader would).
        canvases = page.query_selector_all("#home canvas")
        blank = []
        for c in canvases:
            c.scroll_into_view_if_needed()
            drawn(page, c)
            if page.evaluate(PIXELS, c) == 0:
                blank.append(c.get_attribute("id"))
        check(f"all {len(canvases)} charts drew pixels", canvases and not blank, blank)
        series = page.query_selector_all("#series-grid canvas")
        check("series charts shown", len(series) > 0, len(series))

        # A series point leads to its facts: one fact opens its sentence, several filter the table.
        if series:
            series[0].scroll_into_view_if_needed()
            drawn(page, series[0])
            pt = page.evaluate("""(c) => { const ch = Chart.getChart(c); const m = ch.getDatasetMeta(0);
              const e = m.data.find((d, i) => ch.data.datasets[0].data[i] != null); return e.getCenterPoint(); }""", series[0])
            series[0].scroll_into_view_if_needed()
            box = series[0].bounding_box()
            page.mouse.click(box["x"] + pt["x"], box["y"] + pt["y"])
            page.wait_for_timeout(300)
            h = page.evaluate("location.hash")
            ok = h.startswith("#q-") and in_viewport(page, h) or (
                h == "#facts" and page.is_visible("#fact-clear") and page.locator("#fact-table tbody tr").count() > 1)
            check("a series point links to its facts", ok, h)
            page.goto(url + "#facts")
            page.wait_for_selector("#fact-table tbody tr")

        # Filter, sort and page the fact table.
        place = page.evaluate("JSON.parse(document.getElementById('zhkb-data').textContent).places[0].name")
        page.fill("#fact-filter", place)
        page.wait_for_timeout(400)
        expected = page.evaluate("""(q) => { const D = JSON.parse(document.getElementById('zhkb-data').textContent);
          const t = (i) => i < 0 ? null : D.strings[i];
          return D.facts.filter((f) => [t(f[2]), t(f[3]), t(f[4]), t(f[9]), t(f[11]), D.articles[f[0]][0]].some((x) => x && x.includes(q))).length; }""", place)
        shown = page.locator("#fact-pager span").inner_text()
        places = page.locator("#fact-table tbody tr td:nth-child(2)").all_inner_texts()
        check(f"filter by place {place}", f"· {expected} 条" in shown and place in places, (shown, expected))
        page.fill("#fact-filter", "")
        page.wait_for_timeout(400)
        page.click("#fact-table th[data-key=value]")
        page.click("#fact-table th[data-key=value]")
        values = page.evaluate("""() => { const D = JSON.parse(document.getElementById('zhkb-data').textContent);
          return [...document.querySelectorAll('#fact-table tbody tr td.num a')].map((a) => a.getAttribute('href'))
            .map((h) => { const [, art, q] = h.split('-'); return D.facts.find((f) => f[0] == art && f[1] == q)[6]; }); }""")
        check("sort by value, descending", values == sorted(values, reverse=True) and len(values) > 1, values[:5])
        first = page.locator("#fact-pager span").inner_text()
        nxt = page.locator("#fact-pager button").nth(2)
        if facts > 25:
            nxt.click()
            check("next page of facts", page.locator("#fact-pager span").inner_text().startswith("2 /"), first)

        # A fact link opens the article with the quantity highlighted and in view.
        link = page.locator("#fact-table tbody tr .fact-link").first
        marked = link.locator("mark").inner_text()
        href = link.get_attribute("href")
        link.click()
        page.wait_for_selector("#reader:not([hidden])")
        page.wait_for_timeout(200)
        target = page.locator(href)
        check("fact link opens its article", page.is_visible("#reader-text"), href)
        check("the fact's highlight is in view", in_viewport(page, href), href)
        check("the highlight is the fact's quantity, marked as focus",
              target.count() == 1 and marked in target.inner_text() and "focus" in (target.get_attribute("class") or ""),
              (marked, target.inner_text() if target.count() else None))
        kinds = page.evaluate("[...new Set([...document.querySelectorAll('#reader-text mark')].map((m) => m.classList[1]))]")
        check("the article page highlights entities and statistics", "ent-statistic" in kinds and len(kinds) >= 2, kinds)
        if args.screenshots:
            page.screenshot(path=os.path.join(args.screenshots, "report-article.png"))
        page.go_back()
        page.wait_for_selector("#home:not([hidden])")
        check("back returns to the overview", page.is_visible("#facts"))
        if args.screenshots:
            page.goto(url)
            page.wait_for_selector("#fact-table tbody tr")
            page.screenshot(path=os.path.join(args.screenshots, "report-desktop.png"))
            page.goto(url + "#series")
            page.wait_for_timeout(200)
            page.screenshot(path=os.path.join(args.screenshots, "report-series.png"))
            for section in ("facts", "entities"):
                page.goto(url + "#" + section)
                page.wait_for_timeout(200)
                page.screenshot(path=os.path.join(args.screenshots, f"report-{section}.png"))

        # Phone width: the same page, one column, no console error.
        perrors = []
        phone = open_page(browser, url, 390, 844, perrors, requests)
        phone.wait_for_selector("#fact-table tbody tr")
        width = phone.evaluate("document.documentElement.scrollWidth")
        check("phone width: no console errors, no sideways scrolling", not perrors and width <= 390, (perrors[:2], width))
        if args.screenshots:
            phone.screenshot(path=os.path.join(args.screenshots, "report-phone.png"))
        check("no console errors during the whole test", not errors, errors[:3])
        browser.close()
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
