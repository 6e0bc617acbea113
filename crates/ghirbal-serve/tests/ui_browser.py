"""Drives ghirbal serve's pages in headless Chromium with Playwright, the system Chromium as the
executable (Playwright's own browsers are never downloaded). Run by tests/ui.rs as:

    ui_browser.py BASE CHROMIUM SHOTS

BASE is the server tests/ui.rs started on 127.0.0.1; SHOTS the folder for the screenshots.
Loads the search page, types an Arabic query, opens a hit and checks its text and computed
direction, its original with the removed lines struck in place and its duplicate cluster; opens the rejects, a reason and a
reject and checks its reason; opens the XSS record and checks in the page that nothing of it
ran; saves a screenshot of each page. Exits non-zero on the first failed check.
"""

import sys
import tempfile

from playwright.sync_api import sync_playwright

# A browser with nothing of its own to do: no network but the page's, no first-run, no GPU,
# a profile made for this run and thrown away.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def check(ok, what):
    if not ok:
        raise AssertionError(what)


def main(base: str, chromium: str, shots: str) -> None:
    with tempfile.TemporaryDirectory(prefix="ghirbal-ui-profile-") as profile, sync_playwright() as p:
        # A persistent context is how Playwright takes a --user-data-dir: a fresh one per run.
        ctx = p.chromium.launch_persistent_context(
            profile,
            executable_path=chromium,
            headless=True,
            args=FLAGS,
            viewport={"width": 1100, "height": 760},
            locale="ar",
        )
        page = ctx.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        outside = []
        page.on(
            "request",
            lambda r: outside.append(r.url)
            if r.url.startswith(("http:", "https:", "ws:", "wss:")) and not r.url.startswith(base)
            else None,
        )

        # Search: an Arabic query with a clitic and the article, typed and submitted.
        page.goto(base + "/")
        check(page.locator("input[name=q]").get_attribute("dir") == "auto", "search box dir")
        page.fill("input[name=q]", "وبالمدرسة")
        page.press("input[name=q]", "Enter")
        page.wait_for_selector("ol.hits li")
        first = page.locator("ol.hits li a.hit-title").first
        check("مدرسة" in first.inner_text(), f"first hit: {first.inner_text()}")
        check(page.locator("ol.hits mark").count() >= 1, "no highlighted word")
        page.screenshot(path=f"{shots}/search.png", full_page=True)

        # The record: its text, laid out right to left by dir="auto".
        first.click()
        page.wait_for_selector("#text")
        text = page.locator("#text")
        check("افتتحت وزارة التعليم" in text.inner_text(), f"record text: {text.inner_text()}")
        check(text.get_attribute("dir") == "auto", "text dir attribute")
        direction = text.evaluate("e => getComputedStyle(e).direction")
        check(direction == "rtl", f"text direction {direction}")
        check(page.locator("#original .gone").count() == 2, "removed lines struck in the original")
        check("read_also" in page.locator("#original").inner_text(), "rule of a removed line")
        check(page.locator("#original del").first.inner_text().startswith("اقرأ أيضا"),
              "the first line of the original is the removed one")
        check(page.locator("#cluster a").count() == 2, "cluster links")
        page.screenshot(path=f"{shots}/record.png", full_page=True)

        # Rejects: the reasons, one reason's records, one reject and its reason.
        page.click("nav a[href='/rejects']")
        page.wait_for_selector("#reasons")
        check("filter:gopher_quality:short_doc" in page.inner_text("#reasons"), "reasons table")
        page.click("#reasons a:has-text('dedup:exact')")
        page.wait_for_selector("ol.hits li")
        page.screenshot(path=f"{shots}/rejects.png", full_page=True)
        page.click("ol.hits li a.hit-title")
        page.wait_for_selector("#reason")
        check("dedup:exact" in page.locator("#reason").inner_text(), "reject reason")
        check(page.locator("#cluster a[href='/record?id=school']").count() == 1, "link to kept")
        page.screenshot(path=f"{shots}/reject.png", full_page=True)

        # The XSS record: found, opened, shown as text, and nothing of it runs.
        page.goto(base + "/?q=" + "خبر")
        page.wait_for_selector("ol.hits li")
        page.click("ol.hits li a.hit-title >> nth=0")
        page.wait_for_selector("#text")
        check("<script>" in page.locator("#title").inner_text(), "title shown as text")
        check("onerror" in page.locator("#text").inner_text(), "text shown as text")
        ran = page.evaluate("() => window.__xss === undefined ? null : String(window.__xss)")
        check(ran is None, f"a script of the record ran: {ran}")
        check(page.evaluate("() => document.scripts.length") == 0, "a script element exists")
        check(page.locator("a[href^='javascript:' i]").count() == 0, "a javascript: link")
        check(page.locator("main img, main [onerror]").count() == 0, "an element from the record")
        page.screenshot(path=f"{shots}/xss.png", full_page=True)

        # The report.
        page.click("nav a[href='/report']")
        page.wait_for_selector("h1")
        check(page.locator("svg").count() >= 1, "report charts")
        page.screenshot(path=f"{shots}/report.png")

        check(not dialogs, f"a dialog opened: {dialogs}")
        check(not outside, f"requests outside the server: {outside}")
        ctx.close()
    print(f"ui_browser: all checks passed; screenshots in {shots}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: ui_browser.py BASE CHROMIUM SHOTS")
    main(*sys.argv[1:4])
