"""The console's security at the HTTP level, against a real `cleangate serve`: sign-in and the
session cookie, CSRF, scopes, the CSP, hostile content and hostile form bodies.

The browser scenarios are in tests/test_ui_browser.py; these run without a browser, so they
hold on any machine.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.conftest import EXAMPLES, cleangate_exe, free_port
from tests.store_fixtures import GateProcess
from tests.ui_support import HOSTILE_NAME, Console, start_console

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(scope="module")
def console() -> Iterator[Console]:
    yield from start_console()


def client(console: Console) -> httpx.Client:
    return httpx.Client(base_url=console.url, follow_redirects=False, timeout=60)


def signed_in(console: Console, token: str) -> tuple[httpx.Client, str]:
    """A client holding a console session, and that session's CSRF token."""
    web = client(console)
    page = web.get("/ui/login")
    answer = web.post("/ui/login", data={"csrf": CSRF.search(page.text)[1], "token": token, "next": "/ui/rules"})
    assert answer.status_code == 303 and answer.headers["location"] == "/ui/rules"
    home = web.get("/ui/rules")
    assert home.status_code == 200
    return web, CSRF.search(home.text)[1]


def waiver_form(csrf: str | None, system: str) -> dict[str, str]:
    form = {"rules": "AIACT-50-2", "system": system, "ticket": "T-9", "approver": "dpo", "justification": "why",
            "expires_at": (datetime.now(UTC) + timedelta(days=10)).date().isoformat()}
    return {**form, "csrf": csrf} if csrf is not None else form


def waiver_systems(console: Console) -> set[str]:
    items = httpx.get(f"{console.url}/v1/waivers?all=true", headers={"Authorization": f"Bearer {console.admin}"})
    return {w["system"] for w in items.json()["items"]}


OPEN_PAGES = {("GET", "/ui/login"), ("POST", "/ui/login"), ("POST", "/ui/logout"), ("GET", "/ui"), ("GET", "/ui/")}


def console_routes() -> set[tuple[str, str]]:
    """Every (method, path) of the page modules `service.ui.install` mounts."""
    from starlette.routing import Route

    from service.ui.pages import MODULES

    return {(method, route.path) for module in MODULES for route in module.router.routes
            if isinstance(route, Route) for method in (route.methods or ()) if method != "HEAD"}


def test_every_page_needs_a_session(console: Console) -> None:
    """A new console route is guarded unless it is one of the sign-in pages: found from the app's
    own routes, so none can slip out unguarded."""
    web = client(console)
    routes = console_routes()
    assert routes >= OPEN_PAGES and len(routes - OPEN_PAGES) >= 10
    for method, path in sorted(routes - OPEN_PAGES):
        url = re.sub(r"\{[^}]+\}", "x", path)
        answer = web.request(method, url, data=waiver_form("x", "anon") if method == "POST" else None)
        assert answer.status_code == 303, (method, path)
        assert answer.headers["location"].startswith("/ui/login?next=%2Fui%2F"), (method, path)
    assert "anon" not in waiver_systems(console)


def test_a_bearer_header_is_not_a_console_session(console: Console) -> None:
    answer = client(console).get("/ui/decisions", headers={"Authorization": f"Bearer {console.admin}"})
    assert answer.status_code == 303  # the console reads only its own cookie


def test_session_cookie_flags_and_contents(console: Console) -> None:
    web = client(console)
    page = web.get("/ui/login")
    answer = web.post("/ui/login", data={"csrf": CSRF.search(page.text)[1], "token": console.admin})
    cookie = next(v for v in answer.headers.get_list("set-cookie") if v.startswith("cleangate_session="))
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/ui"} <= flags
    assert any(f.startswith("max-age=") and 0 < int(f.split("=")[1]) <= 86400 for f in flags)
    value = cookie.split(";")[0].split("=", 1)[1]
    raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    assert console.admin not in value and console.admin.encode() not in raw  # sealed, not encoded


def test_tampered_or_forged_cookie_is_no_session(console: Console) -> None:
    web, _ = signed_in(console, console.admin)
    good = web.cookies["cleangate_session"]
    flipped = good[:20] + ("A" if good[20] != "A" else "B") + good[21:]
    for forged in (flipped, "x", base64.urlsafe_b64encode(b'{"t":"' + console.admin.encode() + b'"}').decode()):
        fresh = client(console)
        fresh.cookies.set("cleangate_session", forged, path="/ui")
        assert fresh.get("/ui/decisions").status_code == 303


def test_revoking_the_token_ends_its_sessions(console: Console) -> None:
    auth = {"Authorization": f"Bearer {console.admin}"}
    made = httpx.post(f"{console.url}/v1/tokens", json={"name": "short-lived", "scopes": ["read"]}, headers=auth)
    web, _ = signed_in(console, made.json()["token"])
    assert web.get("/ui/decisions").status_code == 200
    assert httpx.post(f"{console.url}/v1/tokens/short-lived/revoke", headers=auth).status_code == 200
    assert web.get("/ui/decisions").status_code == 303


def test_sign_in_form_needs_its_csrf_token_and_a_valid_token(console: Console) -> None:
    web = client(console)
    web.get("/ui/login")
    assert web.post("/ui/login", data={"token": console.admin}).status_code == 403
    page = web.get("/ui/login")
    wrong = web.post("/ui/login", data={"csrf": CSRF.search(page.text)[1], "token": "cg_wrong_" + "x" * 30})
    assert wrong.status_code == 401 and "not valid" in wrong.text
    assert "cleangate_session" not in web.cookies


def test_sign_in_never_redirects_off_the_console(console: Console) -> None:
    web = client(console)
    for target in ("https://evil.example/", "//evil.example/x", "/ui/../v1/tokens", "/ui\\@evil.example"):
        page = web.get("/ui/login")
        answer = web.post("/ui/login", data={"csrf": CSRF.search(page.text)[1], "token": console.admin,
                                             "next": target})
        assert answer.headers["location"] == "/ui/decisions", target


def test_post_without_or_with_a_wrong_csrf_token_is_refused(console: Console) -> None:
    web, csrf = signed_in(console, console.admin)
    assert web.post("/ui/waivers", data=waiver_form(None, "no-token")).status_code == 403
    assert web.post("/ui/waivers", data=waiver_form(csrf[:-2] + "xx", "bad-token")).status_code == 403
    _, other_csrf = signed_in(console, console.admin)  # another session's token does not fit this one
    assert web.post("/ui/waivers", data=waiver_form(other_csrf, "other-session")).status_code == 403
    cross = web.post("/ui/waivers", data=waiver_form(csrf, "cross-site"), headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403
    assert not {"no-token", "bad-token", "other-session", "cross-site"} & waiver_systems(console)
    assert web.post("/ui/waivers", data=waiver_form(csrf, "with-token")).status_code == 303
    assert "with-token" in waiver_systems(console)


def test_read_only_token_cannot_touch_waivers(console: Console) -> None:
    web, csrf = signed_in(console, console.reader)
    assert web.get("/ui/waivers").status_code == 403
    assert ">Waivers<" not in web.get("/ui/decisions").text
    assert web.post("/ui/waivers", data=waiver_form(csrf, "by-reader")).status_code == 403
    assert web.post("/ui/waivers/whatever/revoke", data={"csrf": csrf, "reason": "x"}).status_code == 403
    assert web.post("/ui/playground", data={"csrf": csrf, "manifest": "x"}).status_code == 403
    assert "by-reader" not in waiver_systems(console)


def test_waiver_form_uses_the_api_validation(console: Console) -> None:
    web, csrf = signed_in(console, console.admin)
    bad_rule = web.post("/ui/waivers", data={**waiver_form(csrf, "bad-rule"), "rules": "no such rule!"})
    assert bad_rule.status_code == 422 and "rule id" in bad_rule.text
    too_long = web.post("/ui/waivers", data={**waiver_form(csrf, "long"), "ticket": "t" * 501})
    assert too_long.status_code == 422 and "ticket" in too_long.text
    past = web.post("/ui/waivers", data={**waiver_form(csrf, "past"), "expires_at": "2020-01-01"})
    assert past.status_code == 422 and "in the past" in past.text
    no_date = web.post("/ui/waivers", data={**waiver_form(csrf, "no-date"), "expires_at": "soon"})
    assert no_date.status_code == 422 and "expires_at" in no_date.text
    missing = web.post("/ui/waivers/not-a-waiver/revoke", data={"csrf": csrf, "reason": "x"})
    assert missing.status_code == 404
    assert not {"bad-rule", "long", "past", "no-date"} & waiver_systems(console)


def test_security_headers_on_pages_errors_and_static_files(console: Console) -> None:
    web, _ = signed_in(console, console.admin)
    for path in ("/ui/login", "/ui/decisions", "/ui/decisions/no-such-id", "/ui/static/console.css",
                 "/ui/static/console.js", "/ui/static/nope.js"):
        headers = web.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "'unsafe-inline'" not in csp, path
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY", path
    assert "content-security-policy" not in httpx.get(f"{console.url}/healthz").headers  # the API is unchanged


def test_pages_load_nothing_from_elsewhere(console: Console) -> None:
    web, _ = signed_in(console, console.admin)
    for path in ("/ui/decisions", f"/ui/decisions/{console.blocked_id}", "/ui/rules", "/ui/waivers", "/ui/playground"):
        html = web.get(path).text
        assert re.findall(r'(?:src|href)="(?:https?:)?//[^"]*"', html.split("<main")[0]) == [], path
        assert "<style" not in html and " style=" not in html and re.search(r"<script>", html) is None, path


def test_hostile_names_are_escaped(console: Console) -> None:
    web, _ = signed_in(console, console.admin)
    for path, params in ((f"/ui/decisions/{console.hostile_id}", {}), ("/ui/decisions", {}), ("/ui/systems", {}),
                         ("/ui/system", {"name": HOSTILE_NAME}), ("/ui/decisions", {"system": HOSTILE_NAME})):
        html = web.get(path, params=params).text
        assert HOSTILE_NAME not in html, path
        assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html, path
    assert 'href="javascript:' not in web.get(f"/ui/decisions/{console.hostile_id}").text


def test_hostile_form_bodies_get_4xx_not_500(console: Console) -> None:
    web, csrf = signed_in(console, console.admin)
    broken = web.post("/ui/playground", content=b"--x\r\nnot a part", headers={"Content-Type": "multipart/form-data"})
    assert broken.status_code == 400
    assert web.post("/ui/waivers", content=b"\xff\xfe", headers={
        "Content-Type": "application/x-www-form-urlencoded"}).status_code == 400
    many = "&".join(f"f{i}=1" for i in range(200))
    assert web.post("/ui/waivers", content=many.encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded"}).status_code == 400
    assert web.post("/ui/waivers", content=b"{}", headers={"Content-Type": "application/json"}).status_code == 400
    assert web.get("/ui/decisions", params={"since": "not-a-date", "verdict": "maybe"}).status_code == 422
    assert web.get("/ui/decisions", params={"system": "s" * 301}).status_code == 422
    assert web.get("/ui/decisions", params={"cursor": "9" * 40}).status_code == 200
    yaml_bomb = "a: &a [" + ",".join(["x"] * 50) + "]\nb: &b [" + ",".join(["*a"] * 50) + "]\nc: [" + \
        ",".join(["*b"] * 50) + "]\n"
    bomb = web.post("/ui/playground", files={"manifest": (None, yaml_bomb), "csrf": (None, csrf)})
    assert 400 <= bomb.status_code < 500


def test_playground_needs_backdate_for_a_past_date_and_records_nothing(console: Console) -> None:
    auth = {"Authorization": f"Bearer {console.admin}"}
    made = httpx.post(f"{console.url}/v1/tokens", json={"name": "ci-bot", "scopes": ["evaluate", "read"]},
                      headers=auth)
    web, csrf = signed_in(console, made.json()["token"])
    before = httpx.get(f"{console.url}/v1/decisions", headers=auth).json()["items"]
    manifest = (EXAMPLES / "image-generator-unmarked.yaml").read_text()
    past = web.post("/ui/playground", files={"csrf": (None, csrf), "manifest": (None, manifest),
                                              "as_of": (None, "2026-01-01")})
    assert past.status_code == 403 and "backdate" in past.text and "(HTTP 403)" in past.text
    today = web.post("/ui/playground", files={"csrf": (None, csrf), "as_of": (None, ""),
                                               "manifest_file": ("pixelforge.yaml", manifest.encode())})
    assert today.status_code == 200 and "BLOCK" in today.text and "pixelforge.yaml" in today.text
    assert httpx.get(f"{console.url}/v1/decisions", headers=auth).json()["items"] == before


def test_console_is_not_in_the_openapi_schema(console: Console) -> None:
    paths = httpx.get(f"{console.url}/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith("/ui")]


def test_playground_shows_facts_to_state_and_applies_waivers_like_the_api(console: Console) -> None:
    web, csrf = signed_in(console, console.admin)
    no_roles = ("apiVersion: cleangate/v1\nsystem:\n  name: Helpdesk bot\n"
                "  capabilities:\n    interacts_with_persons: true\n")
    undetermined = web.post("/ui/playground", files={"csrf": (None, csrf), "manifest": (None, no_roles)})
    assert undetermined.status_code == 200
    assert "Undetermined: facts to state" in undetermined.text and "<code>/system/roles</code>" in undetermined.text
    auth = {"Authorization": f"Bearer {console.admin}"}
    waiver = httpx.post(f"{console.url}/v1/waivers", headers=auth, json={
        "rules": ["AIACT-50-2"], "system": "Pixelforge studio", "justification": "j", "ticket": "T-pg",
        "approver": "a", "expires_at": (datetime.now(UTC) + timedelta(days=3)).isoformat()}).json()
    try:
        manifest = (EXAMPLES / "image-generator-unmarked.yaml").read_text()
        page = web.post("/ui/playground", files={"csrf": (None, csrf), "manifest": (None, manifest)})
        api = httpx.post(f"{console.url}/v1/evaluate", content=manifest.encode(),
                         headers={**auth, "Content-Type": "application/yaml"}).json()
        assert api["verdict"] == "pass" and api["summary"]["waived"] == 2
        assert "Decision: <span class=\"badge badge-pass\">PASS</span>" in page.text
        assert f"waived by <span class=\"mono\">{waiver['id']}</span>" in page.text
    finally:
        httpx.post(f"{console.url}/v1/waivers/{waiver['id']}/revoke", headers=auth, json={"reason": "test over"})


@pytest.mark.slow
def test_sessions_hold_across_workers(tmp_path: Path) -> None:
    """With several workers the session key is derived from the admin token, so any worker opens it."""
    exe = cleangate_exe()
    port, admin = free_port(), "cg_ui_workers_" + "w" * 20
    env = {"CLEANGATE_PORT": str(port), "CLEANGATE_DATABASE_PATH": str(tmp_path / "g.db"),
           "CLEANGATE_ADMIN_TOKEN": admin, "CLEANGATE_LOG_LEVEL": "warning"}
    gate = GateProcess(env, 2, tmp_path / "gate.log", port=port, command=[exe, "serve", "--workers", "2"])
    gate.env.pop("CLEANGATE_DATABASE_URL", None)
    url = gate.url
    try:
        gate.start(60, probe="/healthz")
        web = httpx.Client(base_url=url, follow_redirects=False)
        page = web.get("/ui/login")
        web.post("/ui/login", data={"csrf": CSRF.search(page.text)[1], "token": admin})
        cookie = web.cookies["cleangate_session"]
        for _ in range(12):  # a fresh connection each time: spread over both workers
            answer = httpx.get(f"{url}/ui/rules", cookies={"cleangate_session": cookie})
            assert answer.status_code == 200
    finally:
        gate.kill()


def test_playground_answer_is_the_api_answer(console: Console) -> None:
    """The same BOM and facts file, uploaded to the playground and to POST /v1/evaluate, give the
    same decision but for what names one evaluation (id, time, duration)."""
    from tests.test_facts import FACTS, SD_BOM

    web, csrf = signed_in(console, console.admin)
    page = web.post("/ui/playground", files={
        "csrf": (None, csrf), "as_of": (None, "2026-09-15"),
        "manifest_file": ("aibom.cdx.json", SD_BOM.read_bytes(), "application/vnd.cyclonedx+json"),
        "facts_file": ("facts.yaml", FACTS, "application/yaml")})
    assert page.status_code == 200
    shown = json.loads(html.unescape(re.search(r'<pre class="source">(.*?)</pre>', page.text, re.S)[1]))
    api = httpx.post(f"{console.url}/v1/evaluate?as_of=2026-09-15&source=aibom.cdx.json", timeout=60,
                     headers={"Authorization": f"Bearer {console.admin}"}, files={
                         "manifest": ("aibom.cdx.json", SD_BOM.read_bytes(), "application/vnd.cyclonedx+json"),
                         "facts": ("facts.yaml", FACTS, "application/yaml")}).json()
    for varying in ("decision_id", "created_at", "evaluation_ms"):
        shown.pop(varying), api.pop(varying)
    assert shown == api
    assert shown["manifest"]["system"] == "Dream studio" and any(f["file"] == "facts.yaml" for f in shown["findings"])


@pytest.mark.slow
def test_console_on_postgresql() -> None:
    """The console only talks to the store interface: the same pages work on PostgreSQL."""
    from tests.store_fixtures import PgSchema, require_postgres

    require_postgres()
    schema = PgSchema()
    gate = start_console(schema.url)
    try:
        console = next(gate)
        web, csrf = signed_in(console, console.admin)
        listed = web.get("/ui/decisions", params={"verdict": "block", "rule": "AIACT-50-2"})
        assert listed.status_code == 200 and "Pixelforge studio" in listed.text and "evil/repo" not in listed.text
        assert "Blocked now by:" in web.get("/ui/system", params={"name": "Pixelforge studio"}).text
        assert web.post("/ui/waivers", data=waiver_form(csrf, "on-postgres")).status_code == 303
        assert "on-postgres" in waiver_systems(console)
    finally:
        gate.close()  # stops the gate before its schema goes
        schema.drop()
