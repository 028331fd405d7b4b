"""The web console in a real browser: Debian's Chromium driven by Playwright against a real
`cleangate serve` (tests/ui_support.py).

Playwright's own browser download does not work here and is never used: the browser is
/usr/bin/chromium (or CLEANGATE_CHROMIUM). Without it these tests skip, naming the reason —
except under CLEANGATE_REQUIRE_BROWSER=1 (as in .ci/run, which installs Chromium), where a
missing browser fails them. With CLEANGATE_UI_SCREENSHOTS=DIR the run also writes the
screenshots of docs/ui.md into DIR.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import EXAMPLES
from tests.ui_support import HOSTILE_NAME, HOSTILE_PIPELINE, PIPELINE, Console, start_console

pytestmark = pytest.mark.slow  # starts processes (see docs/contributing.md, "Tests")


def _missing(reason: str) -> None:
    if os.environ.get("CLEANGATE_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + ", but CLEANGATE_REQUIRE_BROWSER=1 (.ci/run installs chromium)")
    pytest.skip(reason)


def chromium_path() -> str:
    path = os.environ.get("CLEANGATE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        _missing(f"no Chromium at {path} (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def console() -> Iterator[Console]:
    yield from start_console()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (pip install -e '.[test]')")
    executable = chromium_path()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # a laptop screen
    # CI machines are shared: a page that takes longer than Playwright's 30 s default to answer
    # under load is slow, not broken (an assertion still fails on a wrong page, whatever the wait).
    context.set_default_timeout(90_000)
    tab = context.new_page()
    tab.csp_violations = []
    tab.dialogs = []
    tab.on("console", lambda msg: tab.csp_violations.append(msg.text) if "Content Security Policy" in msg.text
           else None)
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    yield tab
    assert tab.csp_violations == [], "the console's own pages must not break its CSP"
    assert requested and all(url.startswith("http://127.0.0.1:") for url in requested), \
        "every request the pages make goes to the gate itself"
    context.close()


def shot(page: Any, name: str, full_page: bool = True) -> None:
    folder = os.environ.get("CLEANGATE_UI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def sign_in(page: Any, console: Console, token: str, start: str = "/decisions") -> None:
    page.goto(console.ui + start)
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_unauthenticated_visit_is_sent_to_sign_in_and_back(page: Any, console: Console) -> None:
    page.goto(f"{console.ui}/decisions/{console.blocked_id}")
    assert "/ui/login?next=" in page.url
    shot(page, "sign-in")
    page.get_by_label("API token").fill("cg_not_a_token_at_all_xxxxxxxx")
    page.get_by_role("button", name="Sign in").click()
    assert "not valid" in page.get_by_role("alert").inner_text()
    page.get_by_label("API token").fill(console.admin)
    page.get_by_role("button", name="Sign in").click()
    assert page.url.endswith(f"/ui/decisions/{console.blocked_id}")
    assert "Signed in as bootstrap-admin" in page.inner_text("header")


def test_session_cookie_is_httponly_strict_and_holds_no_token(page: Any, console: Console) -> None:
    sign_in(page, console, console.admin)
    assert page.evaluate("document.cookie") == ""  # nothing readable by script
    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["cleangate_session"]
    assert session["httpOnly"] is True and session["sameSite"] == "Strict" and session["path"] == "/ui"
    assert console.admin not in session["value"]
    assert session["expires"] > datetime.now(UTC).timestamp()  # expiring, not a forever cookie


def test_filter_decisions_by_verdict_system_and_rule(page: Any, console: Console) -> None:
    sign_in(page, console, console.admin)
    assert page.locator("figure.chart svg rect").count() >= 2  # the verdicts-per-day chart
    shot(page, "decisions")
    page.get_by_label("Verdict", exact=True).select_option("block")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 1 and "Pixelforge studio" in rows.first.inner_text()
    page.get_by_label("Verdict", exact=True).select_option("")
    page.get_by_label("Repository").fill("aurora/assistant")
    page.get_by_role("button", name="Filter").click()
    assert rows.count() == 1 and "Aurora Bank support assistant" in rows.first.inner_text()
    page.get_by_label("Repository").fill("")
    page.get_by_label("Rule", exact=True).fill("AIACT-50-2")
    page.get_by_role("button", name="Filter").click()
    assert "rule=AIACT-50-2" in page.url
    assert rows.count() == 1 and "Pixelforge studio" in rows.first.inner_text()


def test_blocked_decision_shows_article_fix_ci_and_attestation(page: Any, console: Console) -> None:
    sign_in(page, console, console.admin)
    page.get_by_label("Verdict", exact=True).select_option("block")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=console.blocked_id).click()
    finding = page.locator("article.finding", has_text="AIACT-50-2").first
    text = finding.inner_text()
    assert "Art. 50(2)" in text and "Fix:" in text and "C2PA" in text and "line 4" in text
    assert page.locator("section.regulation h3", has_text="EU AI Act").count() == 1
    assert page.get_by_role("link", name=PIPELINE).get_attribute("href") == PIPELINE
    assert "Policy revision" in page.inner_text("main")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the signed attestation (in-toto, DSSE)").click()
    assert download.value.suggested_filename == f"{console.blocked_id}.intoto.json"
    shot(page, "decision-blocked")
    finding.get_by_role("link", name="AIACT-50-2").click()  # findings link into the catalogue
    assert page.get_by_role("heading", level=1).inner_text().startswith("AIACT-50-2")


def test_systems_page_names_what_blocks_now(page: Any, console: Console) -> None:
    sign_in(page, console, console.admin, "/systems")
    shot(page, "systems")
    page.get_by_role("link", name="Pixelforge studio").click()
    latest = page.locator("article.scope").first.inner_text()
    assert "Blocked now by:" in latest and "AIACT-50-2" in latest and "(2 findings)" in latest
    shot(page, "system")


def test_rule_catalogue_is_searchable(page: Any, console: Console) -> None:
    sign_in(page, console, console.admin, "/rules")
    total = page.locator("#rule-table tbody tr:visible").count()
    page.get_by_label("Search id, title, regulation, article, text").fill("watermark")
    shown = page.locator("#rule-table tbody tr:visible")
    assert 0 < shown.count() < total  # filtered as you type (console.js)
    page.get_by_role("button", name="Search").click()  # and on the server without script
    assert "q=watermark" in page.url and 0 < page.locator("#rule-table tbody tr").count() < total
    page.goto(console.ui + "/rules")
    shot(page, "rules", full_page=False)  # the first screenful of the whole catalogue


def test_create_and_revoke_a_waiver(page: Any, console: Console) -> None:
    sign_in(page, console, console.admin, "/waivers")
    soon = (datetime.now(UTC) + timedelta(days=5)).date().isoformat()
    far = (datetime.now(UTC) + timedelta(days=400)).date().isoformat()
    form = page.locator("form", has=page.get_by_role("button", name="Grant waiver"))
    for label, value in (("Rules (comma-separated ids)", "AIACT-50-2"), ("System (globs allowed)", "Pixelforge*"),
                         ("Ticket", "LEGAL-77"), ("Approver", "dpo@acme.example"),
                         ("Justification", "Marking ships in release 1.1 next week."),
                         ("Expires (end of day, UTC)", far)):
        form.get_by_label(label).fill(value)
    form.get_by_role("button", name="Grant waiver").click()
    assert "more than 90 days away" in page.get_by_role("alert").inner_text()  # the API's own check
    assert form.get_by_label("Ticket").input_value() == "LEGAL-77"  # the form keeps what was typed
    form.get_by_label("Expires (end of day, UTC)").fill(soon)
    form.get_by_role("button", name="Grant waiver").click()
    assert page.get_by_role("status").inner_text() == "Waiver granted."
    row = page.locator("tr.expiring", has_text="Pixelforge*")
    assert row.count() == 1 and "expires in" in row.inner_text()  # expiring soon, highlighted
    shot(page, "waivers")
    auth = {"Authorization": f"Bearer {console.admin}"}
    waiver = next(w for w in httpx.get(f"{console.url}/v1/waivers", headers=auth).json()["items"]
                  if w["system"] == "Pixelforge*")
    assert waiver["ticket"] == "LEGAL-77" and waiver["created_by"] == "bootstrap-admin"
    row.get_by_label("Reason").fill("Release 1.1 shipped the marking.")
    row.get_by_role("button", name="Revoke").click()
    assert page.get_by_role("status").inner_text() == "Waiver revoked; it stays on record."
    listed = httpx.get(f"{console.url}/v1/waivers?all=true", headers=auth).json()["items"]
    revoked = next(w for w in listed if w["id"] == waiver["id"])
    assert revoked["status"] == "revoked" and revoked["revoke_reason"] == "Release 1.1 shipped the marking."


def test_read_only_token_sees_no_waivers_and_its_post_is_refused(page: Any, console: Console) -> None:
    sign_in(page, console, console.reader)
    assert "Signed in as auditor" in page.inner_text("header")
    assert page.get_by_role("link", name="Waivers").count() == 0
    assert page.get_by_role("link", name="Playground").count() == 0
    answer = page.goto(console.ui + "/waivers")
    assert answer.status == 403 and "lacks the 'admin' scope" in page.inner_text("main")
    csrf = page.locator("form.signout input[name=csrf]").get_attribute("value")  # a valid token of this session
    posted = page.request.post(console.ui + "/waivers", form={
        "csrf": csrf, "rules": "AIACT-50-2", "system": "Pixelforge studio", "ticket": "T-1", "approver": "x",
        "justification": "y", "expires_at": (datetime.now(UTC) + timedelta(days=3)).date().isoformat()})
    assert posted.status == 403
    auth = {"Authorization": f"Bearer {console.admin}"}
    assert all(w["ticket"] != "T-1" for w in httpx.get(f"{console.url}/v1/waivers", headers=auth).json()["items"])


def test_post_without_csrf_token_is_refused(page: Any, console: Console) -> None:
    sign_in(page, console, console.admin, "/waivers")
    posted = page.request.post(console.ui + "/waivers", form={
        "rules": "AIACT-50-2", "system": "no-csrf", "ticket": "T-2", "approver": "x", "justification": "y",
        "expires_at": (datetime.now(UTC) + timedelta(days=3)).date().isoformat()})
    assert posted.status == 403 and "CSRF" in posted.text()
    assert page.locator("tr", has_text="no-csrf").count() == 0


def test_csp_header_on_every_page(page: Any, console: Console) -> None:
    answer = page.goto(console.ui + "/login")
    csp = answer.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    # the gate's own stylesheet loads under that policy (and the page is styled by it)
    assert page.evaluate("getComputedStyle(document.querySelector('header.top')).backgroundColor") == "rgb(20, 33, 61)"


def test_playground_evaluates_without_recording(page: Any, console: Console) -> None:
    auth = {"Authorization": f"Bearer {console.admin}"}
    before = len(httpx.get(f"{console.url}/v1/decisions", headers=auth).json()["items"])
    sign_in(page, console, console.admin, "/playground")
    page.get_by_label("Manifest (cleangate.yaml, CycloneDX JSON/XML, SPDX)").fill(
        (EXAMPLES / "image-generator-unmarked.yaml").read_text())
    page.get_by_label("Judge as of").fill("2026-09-15")
    page.get_by_role("button", name="Evaluate").click()
    heading = page.locator("#h-result").inner_text()
    assert "BLOCK" in heading and "not recorded" in heading
    fired = page.get_by_role("region", name="Rules that fired").inner_text()
    assert "AIACT-50-2" in fired and "/system/transparency/marking" in fired  # which rule fired and what it read
    answer = page.locator("pre.source").text_content()
    assert '"verdict": "block"' in answer and '"as_of": "2026-09-15"' in answer
    shot(page, "playground")
    assert len(httpx.get(f"{console.url}/v1/decisions", headers=auth).json()["items"]) == before


def test_playground_shows_manifest_errors_by_field(page: Any, console: Console) -> None:
    sign_in(page, console, console.admin, "/playground")
    manifest = page.get_by_label("Manifest (cleangate.yaml, CycloneDX JSON/XML, SPDX)")
    manifest.fill("apiVersion: cleangate/v1\nsystem: 7\n")
    page.get_by_role("button", name="Evaluate").click()
    problem = page.locator("#playground-problem").inner_text()
    assert "/system" in problem


def test_hostile_system_name_is_shown_as_text(page: Any, console: Console) -> None:
    sign_in(page, console, console.admin, f"/decisions/{console.hostile_id}")
    assert HOSTILE_NAME in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
    assert page.dialogs == []  # no alert() ran
    assert page.get_by_role("link", name=HOSTILE_PIPELINE).count() == 0  # a javascript: URL is never a link
    assert HOSTILE_PIPELINE in page.inner_text("main")
    page.goto(console.ui + "/systems")
    assert page.get_by_role("link", name=HOSTILE_NAME).count() == 1
    assert page.dialogs == []


def test_keyboard_only_sign_in_and_skip_link(page: Any, console: Console) -> None:
    page.goto(console.ui + "/login")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'token'")
    page.keyboard.type(console.admin)  # the token field has focus on arrival (autofocus)
    page.keyboard.press("Enter")
    page.wait_for_url("**/ui/decisions")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_printed_decision_drops_navigation_and_forms(page: Any, console: Console) -> None:
    sign_in(page, console, console.admin, f"/decisions/{console.blocked_id}")
    page.emulate_media(media="print")
    assert not page.locator("header nav").is_visible() and not page.locator("form.signout").is_visible()
    assert page.locator("article.finding").first.is_visible()
    pdf = page.pdf()  # Chromium renders the print stylesheet
    assert pdf.startswith(b"%PDF")


def test_playground_upload_of_a_bom_and_a_facts_file(page: Any, console: Console) -> None:
    from tests.test_facts import FACTS, SD_BOM

    sign_in(page, console, console.admin, "/playground")
    page.get_by_label("…or upload the manifest (wins over the text)").set_input_files(str(SD_BOM))
    page.get_by_label("…or upload a facts file").set_input_files(
        files=[{"name": "facts.yaml", "mimeType": "application/yaml", "buffer": FACTS}])
    page.get_by_role("button", name="Evaluate").click()
    summary = page.get_by_role("region", name="Summary").inner_text()
    assert "Dream studio" in summary and "+ facts facts.yaml" in summary
    assert page.locator("article.finding", has_text="in facts.yaml").count() >= 1  # findings point into the facts file
