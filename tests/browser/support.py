"""What every browser test shares: Debian's Chromium with the flags this closed network needs, and the
axe-core check (evaluated in the page: the CSP blocks injected script tags, not evaluation)."""

from pathlib import Path

from playwright.sync_api import Page

AXE = (Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js").read_text()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def assert_accessible(page: Page) -> None:
    """No axe-core violation with impact serious or critical on the current page."""
    page.evaluate(AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    severe = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not severe, f"{page.url}: {severe}"
