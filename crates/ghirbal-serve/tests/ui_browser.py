"""Drives ghirbal serve's pages in headless Chromium with Playwright (the system Chromium as the
executable: nothing is downloaded). Run by tests/ui.rs as: ui_browser.py BASE CHROMIUM SHOTS.

Loads the search page, runs an Arabic query by typing it, opens a hit and checks its text and
direction, opens the rejects, a reason and a reject and checks its reason, opens the XSS record
and checks in the page that no script ran, and saves a screenshot of each page in SHOTS.
"""

import sys

from playwright.sync_api import sync_playwright


def main(base: str, chromium: str, shots: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        page = browser.new_page(viewport={"width": 1100, "height": 800})
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        violations = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

        # Search: type an Arabic query with a clitic and the article, submit the form.
        page.goto(base + "/")
        page.fill("input[name=q]", "وبالمدرسة")
        page.press("input[name=q]", "Enter")
        page.wait_for_selector("ol.hits li")
        first = page.locator("ol.hits li a.hit-title").first
        assert "مدرسة" in first.inner_text(), first.inner_text()
        assert page.locator("ol.hits mark").count() >= 1
        page.screenshot(path=f"{shots}/search.png", full_page=True)

        # The record: its text, shown right to left.
        first.click()
        page.wait_for_selector("#text")
        text = page.locator("#text")
        assert "افتتحت وزارة التعليم" in text.inner_text()
        assert text.get_attribute("dir") == "auto"
        direction = text.evaluate("e => getComputedStyle(e).direction")
        assert direction == "rtl", direction
        assert page.locator("#removed li").count() == 2
        assert page.locator("#cluster a").count() == 2
        page.screenshot(path=f"{shots}/record.png", full_page=True)

        # Rejects: a reason, then one of its records and its reason.
        page.click("nav a[href='/rejects']")
        page.wait_for_selector("#reasons")
        page.screenshot(path=f"{shots}/rejects.png", full_page=True)
        page.click("#reasons a:has-text('dedup:exact')")
        page.wait_for_selector("ol.hits li")
        page.click("ol.hits li a.hit-title")
        page.wait_for_selector("#reason")
        assert "dedup:exact" in page.locator("#reason").inner_text()
        assert "school" in page.inner_text("main")
        page.screenshot(path=f"{shots}/reject.png", full_page=True)

        # The XSS record: found, opened, and nothing in it runs.
        page.goto(base + "/?q=" + "خبر")
        page.wait_for_selector("ol.hits li")
        page.click("ol.hits li a.hit-title")
        page.wait_for_selector("#text")
        assert "<script>" in page.locator("#title").inner_text()
        assert "onerror" in page.locator("#text").inner_text()
        ran = page.evaluate("() => window.__xss === undefined ? null : String(window.__xss)")
        assert ran is None, f"a script in the record ran: {ran}"
        assert page.evaluate("() => document.scripts.length") == 0
        assert page.locator("a[href^='javascript:']").count() == 0
        assert page.locator("main img").count() == 0
        page.screenshot(path=f"{shots}/xss.png", full_page=True)

        # The report.
        page.click("nav a[href='/report']")
        page.wait_for_selector("h1")
        page.screenshot(path=f"{shots}/report.png", full_page=True)

        assert not dialogs, f"a dialog opened: {dialogs}"
        browser.close()
    print(f"ui_browser: all checks passed; screenshots in {shots}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
