"""End-to-end browser tests for Yuanqu (Playwright, sync API, Debian's Chromium).

What runs:
  * test_menu_pages            -- every demo role opens every entry of its main menu (nav.main a[href]);
                                  each page answers < 400, is no error page, logs no console error and
                                  loads no failing sub-resource.
  * test_menu_groups_open      -- for one role (admin), each nav.main <details> opens on a click on its
                                  <summary> and its links become visible (skipped for a flat menu).
  * test_form_*                -- one form per area (organisation, personnel, investment): a refused
                                  submission shows the error beside the field, a correct one lands on the
                                  new record's page.
  * test_menu_layout           -- desktop (1366x900): the menu's top-level items sit on one line;
                                  phone (390x844): every top-level item lies inside the viewport and the
                                  document does not scroll sideways.
  * test_site_script_confirms_and_prints -- the site's /app.js asks before a delete button's form is sent
                                  (data-confirm) and prints on a print button (data-print).

Every test that opens pages through `signed_in` (and the sign-in itself) fails on any Content-Security-Policy
violation the browser reports (Monitor.check_csp): pages run the site's /app.js and /styles.css only.

The server: YUANQU_BASE_URL points at a running server (used as is), otherwise the session fixture starts
YUANQU_BIN (default: `swift build --show-bin-path`/yuanqu) with a fresh SQLite database in a temporary
folder on 127.0.0.1:YUANQU_E2E_PORT (default 8181) and stops it at the end.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

REPO = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("YUANQU_E2E_PORT", "8181"))
BASE = (os.environ.get("YUANQU_BASE_URL") or f"http://127.0.0.1:{PORT}").rstrip("/")
PASSWORD = os.environ.get("YUANQU_DEMO_PASSWORD", "Yuanqu2020")
ROLES = ["platform", "admin", "leader", "hr", "head", "staff", "auditor", "engineer", "cost"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
ERROR_TITLES = ("出错了", "Error")  # the heading / <title> prefix of the server's error page
STARTUP_TIMEOUT = 180
TOP_TOLERANCE = 4  # px


# --------------------------------------------------------------------------------------------------
# The server


def _health(url: str) -> int:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=3) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception:
        return 0


def _server_binary() -> str:
    binary = os.environ.get("YUANQU_BIN")
    if not binary:
        out = subprocess.run(
            ["swift", "build", "--show-bin-path"], cwd=REPO, check=True, capture_output=True, text=True
        ).stdout.strip()
        binary = os.path.join(out, "yuanqu")
    if not os.access(binary, os.X_OK):
        pytest.exit(f"server binary not found or not executable: {binary} (set YUANQU_BIN)", returncode=2)
    return binary


@pytest.fixture(scope="session")
def server():
    """The base URL of a running Yuanqu server with the demo zone seeded."""
    if os.environ.get("YUANQU_BASE_URL"):
        if _health(BASE) != 200:
            pytest.exit(f"YUANQU_BASE_URL={BASE} does not answer /healthz with 200", returncode=2)
        yield BASE
        return
    if _health(BASE) != 0:
        pytest.exit(f"something already listens on {BASE}; stop it or set YUANQU_E2E_PORT", returncode=2)
    binary = _server_binary()
    workdir = tempfile.mkdtemp(prefix="yuanqu-e2e-")
    log_path = os.path.join(workdir, "server.log")
    env = dict(os.environ, YUANQU_SQLITE=os.path.join(workdir, "e2e.sqlite"))
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [binary, "serve", "--hostname", "127.0.0.1", "--port", str(PORT)],
        cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )

    def tail() -> str:
        try:
            return Path(log_path).read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while _health(BASE) != 200:
            if proc.poll() is not None:
                pytest.exit(f"the server exited with {proc.returncode} while starting:\n{tail()}", returncode=2)
            if time.monotonic() > deadline:
                pytest.exit(f"the server did not answer /healthz within {STARTUP_TIMEOUT} s:\n{tail()}", returncode=2)
            time.sleep(0.5)
        yield BASE
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=15)
        log.close()
        if os.environ.get("YUANQU_E2E_KEEP"):
            print(f"\nserver files kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


# --------------------------------------------------------------------------------------------------
# The browser


# Reports every Content-Security-Policy violation of a document to the test (through the binding below).
# Playwright adds it to each new document outside the page's policy, which it is not subject to.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.yuanquCSPViolation(`${e.effectiveDirective} refused ${e.blockedURI || "inline"} in ${e.documentURI}`
    + (e.sourceFile ? ` (${e.sourceFile}:${e.lineNumber})` : "") + (e.sample ? `: ${e.sample}` : ""));
}, true);
"""


class Monitor:
    """Collects what a person would notice as broken: console errors, uncaught exceptions, failed requests.

    The main document's own status is left to the caller (a refused form answers 4xx on purpose), and so
    is Chromium's console line "Failed to load resource: ... status of 4xx" that such a document causes.

    A Content-Security-Policy violation (Chromium's console line "Refused to ...", or the document's
    `securitypolicyviolation` event) is a problem too, and is also kept in `csp` for the whole test: `take()`
    does not forget it, and `check_csp()` (called by `signed_in` as the test ends) fails the test on it.
    """

    def __init__(self, page):
        self.page = page
        self.problems: list[tuple[str, str | None]] = []  # (message, console location url or None)
        self.document_errors: set[str] = set()
        self.csp: list[str] = []
        page.expose_function("yuanquCSPViolation", self._csp_violation)
        page.add_init_script(CSP_LISTENER)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append((f"uncaught exception: {exc}", None)))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _csp_violation(self, report: str):
        self.csp.append(f"CSP violation: {report}")
        self.problems.append((f"CSP violation: {report}", None))

    def _console(self, msg):
        if "Content Security Policy" in msg.text or msg.text.startswith("Refused to"):
            self.csp.append(f"console: {msg.text}")
        if msg.type == "error":
            url = (msg.location or {}).get("url") or None
            where = f" ({url}:{msg.location.get('lineNumber')})" if url else ""
            self.problems.append((f"console error: {msg.text}{where}", url if msg.text.startswith("Failed to load resource") else None))

    def _failed(self, req):
        self.problems.append((f"request failed: {req.method} {req.url} ({req.failure})", None))

    def _response(self, res):
        if res.request.is_navigation_request() and res.frame == self.page.main_frame:
            if res.status >= 400:
                self.document_errors.add(res.url)
        elif res.status >= 400:
            self.problems.append((f"sub-resource {res.request.resource_type} {res.url} answered {res.status}", None))

    def take(self) -> list[str]:
        out = [m for m, url in self.problems if url is None or url not in self.document_errors]
        self.problems, self.document_errors = [], set()
        return out

    def check_csp(self):
        """Fails the test on any Content-Security-Policy violation seen since the page was opened."""
        try:
            self.page.evaluate("0")  # lets reports still under way arrive
        except Exception:  # noqa: BLE001 - a closed page has nothing more to report
            pass
        if self.csp:
            pytest.fail("Content-Security-Policy violations:\n" + "\n".join(f"  {v}" for v in self.csp), pytrace=False)


_states: dict[str, dict] = {}


def sign_in(page, username: str, password: str):
    """Signs in through the login form and waits for the page it leads to."""
    page.goto("/login")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").first.click()


def _login(browser, role: str) -> dict:
    """Signs in once per role through the login form; later contexts reuse the cookies."""
    if role not in _states:
        ctx = browser.new_context(viewport=DESKTOP, base_url=BASE)
        page = ctx.new_page()
        mon = Monitor(page)
        sign_in(page, role, PASSWORD)
        mon.check_csp()
        path = urlparse(page.url).path
        assert path == "/", f"{role}: signing in should land on / but the browser is on {page.url}"
        _states[role] = ctx.storage_state()
        ctx.close()
    return _states[role]


@contextmanager
def signed_in(browser, server, role: str, viewport=DESKTOP):
    state = _login(browser, role)
    ctx = browser.new_context(viewport=viewport, base_url=server, storage_state=state)
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    mon = Monitor(page)
    try:
        yield page, mon
        mon.check_csp()
    finally:
        ctx.close()


def is_error_page(page) -> bool:
    title = page.title()
    h1 = page.locator("main h1")
    heading = h1.first.inner_text().strip() if h1.count() else ""
    return title.startswith(ERROR_TITLES) or heading in ERROR_TITLES


def menu_hrefs(page) -> list[str]:
    hrefs = page.eval_on_selector_all("nav.main a[href]", "els => els.map(e => e.getAttribute('href'))")
    out: list[str] = []
    for h in hrefs:
        h = (h or "").strip()
        if not h or h.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urljoin(BASE + "/", h)
        if urlparse(url).netloc != urlparse(BASE).netloc:
            continue
        if url not in out:
            out.append(url)
    return out


def settle(page):
    try:
        page.wait_for_load_state("networkidle", timeout=3000)
    except Exception:
        pass


# --------------------------------------------------------------------------------------------------
# a. Every menu entry of every role


@pytest.mark.parametrize("role", ROLES)
def test_menu_pages(browser, server, role):
    with signed_in(browser, server, role) as (page, mon):
        res = page.goto("/")
        assert res is not None and res.status < 400, f"{role}: / answered {res and res.status}"
        urls = menu_hrefs(page)
        assert urls, f"{role}: no links found in nav.main on /"
        mon.take()
        failures = []
        for url in urls:
            try:
                res = page.goto(url)
            except Exception as e:  # noqa: BLE001 - report every entry, not just the first
                failures.append(f"  {url}: navigation failed: {e}")
                mon.take()
                continue
            settle(page)
            problems = []
            if res is None:
                problems.append("no response")
            elif res.status >= 400:
                problems.append(f"status {res.status}")
            if urlparse(page.url).path == "/login":
                problems.append("redirected to /login (signed out?)")
            elif is_error_page(page):
                problems.append(f"error page: {page.locator('main').inner_text()[:200]!r}")
            problems += mon.take()
            if problems:
                failures.append(f"  {url}:\n" + "\n".join(f"      {p}" for p in problems))
        if failures:
            pytest.fail(
                f"role {role}: {len(failures)} of {len(urls)} menu entries are broken:\n" + "\n".join(failures),
                pytrace=False,
            )


# --------------------------------------------------------------------------------------------------
# a'. The menu's groups open on a click (grouped menu only)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_menu_groups_open(browser, server, viewport):
    role = "admin"
    with signed_in(browser, server, role, viewport) as (page, mon):
        page.goto("/")
        groups = page.locator("nav.main details:has(> summary)")
        n = groups.count()
        if n == 0:
            pytest.skip("nav.main has no <details>/<summary> groups (flat menu)")
        failures = []
        for i in range(n):
            group = groups.nth(i)
            summary = group.locator("> summary")
            label = summary.inner_text().strip()
            if not summary.is_visible():
                failures.append(f"  group {label!r}: its <summary> is not visible")
                continue
            if group.evaluate("d => d.open"):
                summary.click()  # close it first so the click below really opens it
            summary.click()
            if not group.evaluate("d => d.open"):
                failures.append(f"  group {label!r}: a click on its <summary> did not open it")
                continue
            links = group.locator("a[href]")
            if links.count() == 0:
                failures.append(f"  group {label!r}: no a[href] inside")
            for j in range(links.count()):
                a = links.nth(j)
                href = a.get_attribute("href")
                if not a.is_visible():
                    failures.append(f"  group {label!r}: link {href} is not visible after opening")
                    continue
                box = a.bounding_box()
                if box and (box["x"] < 0 or box["x"] + box["width"] > viewport["width"] + 0.5):
                    failures.append(
                        f"  group {label!r}: link {href} lies outside the viewport "
                        f"(x={box['x']:.0f}, right={box['x'] + box['width']:.0f}, width {viewport['width']})"
                    )
            summary.click()  # close again so it cannot cover the next summary
        problems = mon.take()
        if failures or problems:
            pytest.fail(
                f"role {role} at {viewport['width']}x{viewport['height']}, {n} menu groups:\n"
                + "\n".join(failures + [f"  {p}" for p in problems]),
                pytrace=False,
            )


# --------------------------------------------------------------------------------------------------
# b. One form per area: refused, then accepted


def submit(page, form):
    """Submits `form` through the browser (its _csrf included) with HTML5 validation off so the
    server's own checks answer; returns the response of the resulting navigation."""
    form.evaluate("f => { f.noValidate = true; }")
    with page.expect_navigation() as nav:
        form.locator("button[type=submit], input[type=submit], button:not([type])").first.click()
    return nav.value


def choose_required_selects(form):
    """Picks the first non-empty option of each required <select> that has no value yet."""
    for sel in form.locator("select[required]").all():
        if sel.input_value():
            continue
        values = sel.locator("option").evaluate_all("os => os.map(o => o.value).filter(v => v)")
        assert values, f"required select {sel.get_attribute('name')} has no non-empty option"
        sel.select_option(values[0])


def assert_field_error(page, res, field: str, context: str):
    assert res is not None and 400 <= res.status < 500, (
        f"{context}: a refused submission should answer 4xx, got {res and res.status} at {page.url}"
    )
    assert not is_error_page(page), f"{context}: the refusal shows the error page instead of the form"
    assert page.locator(".alert.alert-error").count() > 0, f"{context}: no .alert.alert-error summary shown"
    wrapper = page.locator(f".field.has-error:has(#f-{field})")
    assert wrapper.count() == 1, (
        f"{context}: expected the field {field!r} to be marked (.field.has-error #f-{field}); "
        f"marked fields: {page.eval_on_selector_all('.field.has-error [id^=f-]', 'es => es.map(e => e.id)')}"
    )
    message = wrapper.locator(".error").first.inner_text().strip() if wrapper.locator(".error").count() else ""
    assert message, f"{context}: the field {field!r} is marked but its .error message is empty or missing"
    return message


def unique(prefix: str) -> str:
    return f"{prefix} {time.strftime('%H%M%S')}-{os.getpid() % 1000}-{time.monotonic_ns() % 10000}"


def form_with(page, field: str):
    return page.locator(f"main form:has(#f-{field})").first


def test_form_organisation_unit(browser, server):
    role = "admin"
    with signed_in(browser, server, role) as (page, mon):
        res = page.goto("/units/new")
        assert res.status < 400 and not is_error_page(page), f"{role}: /units/new answered {res.status}"
        form = form_with(page, "name")
        choose_required_selects(form)
        form.locator("#f-name").fill("")
        res = submit(page, form)
        assert_field_error(page, res, "name", f"{role} /units/new with an empty name")

        name = unique("E2E测试单位")
        form = form_with(page, "name")
        choose_required_selects(form)
        form.locator("#f-name").fill(name)
        res = submit(page, form)
        assert res.status < 400, f"{role}: saving the unit was refused with {res.status}: {refusal_summary(page)}"
        assert re.search(rf"/units/{UUID}/?$", urlparse(page.url).path), (
            f"{role}: after saving, expected /units/<uuid>, got {page.url}; "
            f"page says: {page.locator('main').inner_text()[:300]!r}"
        )
        assert name in page.locator("main").inner_text(), f"{role}: the new unit's page does not show {name!r}"
        problems = mon.take()
        assert not problems, f"{role} /units/new:\n" + "\n".join(problems)


def fill_first_post(form):
    """Offers one place on the first post of the body chosen in #f-body: the table's rows start with the
    body's name (the option's text) and hold a number input named places_<post id>."""
    body = form.locator("#f-body")
    body_name = body.locator("option:checked").inner_text().strip() if body.count() else ""
    rows = form.locator("tr:has(input[name^=places_])")
    assert rows.count(), "the campaign form lists no post (no input[name^=places_])"
    row = rows.filter(has=form.page.locator("td:first-child", has_text=body_name)).first if body_name else rows.first
    if not row.count():
        row = rows.first
    places = row.locator("input[name^=places_]")
    if not places.input_value():
        places.fill("1")


def refusal_summary(page) -> str:
    alert = page.locator(".alert.alert-error")
    return alert.first.inner_text().strip().replace("\n", " | ") if alert.count() else "(no .alert.alert-error)"


def test_form_personnel_campaign(browser, server):
    role = "hr"
    with signed_in(browser, server, role) as (page, mon):
        res = page.goto("/campaigns/new")
        assert res.status < 400 and not is_error_page(page), f"{role}: /campaigns/new answered {res.status}"
        # Required: kind, title, body (selects and a text input) and at least one post with places.
        # The scoring fields keep the defaults the form offers.
        form = form_with(page, "title")
        choose_required_selects(form)
        fill_first_post(form)
        form.locator("#f-title").fill("")
        res = submit(page, form)
        assert_field_error(page, res, "title", f"{role} /campaigns/new with an empty title")

        title = unique("E2E测试竞聘")
        form = form_with(page, "title")
        choose_required_selects(form)
        fill_first_post(form)
        form.locator("#f-title").fill(title)
        res = submit(page, form)
        if res.status >= 400:
            hint = ""
            if page.locator(".field.has-error #f-items").count():
                hint = (
                    " -- the form's own default interview items (a multi-line textarea) were refused; likely cause: browsers"
                    " send textarea line breaks as CRLF, and Swift's split on Character == \"\\n\" / \"\\r\""
                    " does not split at \"\\r\\n\" (one Character); split on Character.isNewline instead"
                )
            pytest.fail(
                f"{role}: creating the campaign was refused with {res.status} at {page.url}: "
                f"{refusal_summary(page)}{hint}",
                pytrace=False,
            )
        assert re.search(rf"/campaigns/{UUID}/?$", urlparse(page.url).path), (
            f"{role}: after creating, expected /campaigns/<uuid>, got {page.url}; "
            f"page says: {page.locator('main').inner_text()[:300]!r}"
        )
        assert title in page.locator("main").inner_text(), f"{role}: the campaign's page does not show {title!r}"
        problems = mon.take()
        assert not problems, f"{role} /campaigns/new:\n" + "\n".join(problems)


def test_form_investment_project(browser, server):
    role = "head"
    with signed_in(browser, server, role) as (page, mon):
        res = page.goto("/investment/new")
        assert res.status < 400 and not is_error_page(page), f"{role}: /investment/new answered {res.status}"
        form = form_with(page, "name")
        form.locator("#f-investor").fill(unique("E2E投资方"))
        choose_required_selects(form)
        form.locator("#f-name").fill("")
        res = submit(page, form)
        assert_field_error(page, res, "name", f"{role} /investment/new with an empty name")

        name = unique("E2E测试项目")
        form = form_with(page, "name")
        form.locator("#f-name").fill(name)
        form.locator("#f-investor").fill("E2E投资有限公司")
        choose_required_selects(form)
        res = submit(page, form)
        assert res.status < 400, (
            f"{role}: registering the project was refused with {res.status}: {refusal_summary(page)}"
        )
        assert re.search(rf"/investment/projects/{UUID}/?$", urlparse(page.url).path), (
            f"{role}: after registering, expected /investment/projects/<uuid>, got {page.url}; "
            f"page says: {page.locator('main').inner_text()[:300]!r}"
        )
        assert name in page.locator("main").inner_text(), f"{role}: the project's page does not show {name!r}"
        problems = mon.take()
        assert not problems, f"{role} /investment/new:\n" + "\n".join(problems)


def test_form_engineering_tender(browser, server):
    """A bid period of 19 days is refused under the deadline with its article; 20 days open the tender."""
    role = "engineer"
    with signed_in(browser, server, role) as (page, mon):
        res = page.goto("/engineering/tenders/new")
        assert res.status < 400 and not is_error_page(page), f"{role}: /engineering/tenders/new answered {res.status}"
        form = form_with(page, "package")
        choose_required_selects(form)
        form.locator("#f-package").fill(unique("E2E标段"))
        form.locator("#f-estimatedWan").fill("5000")
        form.locator("#f-issuedOn").fill("2026-03-01")
        form.locator("#f-bidDeadline").fill("2026-03-20")
        res = submit(page, form)
        assert_field_error(page, res, "bidDeadline", f"{role} /engineering/tenders/new with a 19-day bid period")
        error = page.locator(".field.has-error:has(#f-bidDeadline) .error").first.inner_text()
        assert "招标投标法第二十四条" in error, f"{role}: the refusal does not cite its article: {error!r}"

        form = form_with(page, "package")
        choose_required_selects(form)
        form.locator("#f-bidDeadline").fill("2026-03-21")
        res = submit(page, form)
        assert res.status < 400, f"{role}: opening the tender was refused with {res.status}: {refusal_summary(page)}"
        assert re.search(rf"/engineering/tenders/{UUID}/?$", urlparse(page.url).path), (
            f"{role}: after creating, expected /engineering/tenders/<uuid>, got {page.url}"
        )
        problems = mon.take()
        assert not problems, f"{role} /engineering/tenders/new:\n" + "\n".join(problems)


def test_exports_open_as_workbooks(browser, server):
    """The Excel twin of an export, read by an independent reader (openpyxl): a bold frozen header, typed cells."""
    import datetime
    import io

    import openpyxl

    role = "admin"
    with signed_in(browser, server, role) as (page, mon):
        page.goto("/engineering/projects")
        res = page.context.request.get("/engineering/projects.xlsx?stage=construction")
        assert res.status == 200, f"{role}: /engineering/projects.xlsx answered {res.status}"
        book = openpyxl.load_workbook(io.BytesIO(res.body()))
        sheet = book.active
        header = [c.value for c in sheet[1]]
        assert header[0] == "项目编号" and sheet["A1"].font.b, f"the header row is bold: {header}"
        assert sheet.freeze_panes == "A2", f"the header row is frozen: {sheet.freeze_panes}"
        assert sheet.max_row > 1, "the construction projects are listed"
        row = {h: c.value for h, c in zip(header, sheet[2])}
        investment = next(v for h, v in row.items() if h.startswith("总投资"))
        assert isinstance(investment, (int, float)), f"the investment is a number: {investment!r}"
        start = next(v for h, v in row.items() if h == "计划开工")
        assert isinstance(start, datetime.datetime), f"the start is a date: {start!r}"
        assert all(sheet.cell(row=r, column=header.index("阶段") + 1).value == "施工" for r in range(2, sheet.max_row + 1)), (
            "the filter applies"
        )
        assert sheet.column_dimensions["B"].width >= 12, "the name column fits Chinese text"

        res = page.context.request.get("/people/export.xlsx")
        people = openpyxl.load_workbook(io.BytesIO(res.body())).active
        phones = [c.value for c in people["D"][1:]]
        assert all(isinstance(p, str) for p in phones if p), "phone numbers stay text"

        # An export of two tables: the teams, and the zone totals on a sheet of their own.
        res = page.context.request.get("/investment/leaderboard.xlsx")
        board = openpyxl.load_workbook(io.BytesIO(res.body()))
        assert len(board.sheetnames) == 2 and board.sheetnames[1] == "全区合计", f"two sheets: {board.sheetnames}"
        teams = board.worksheets[0]
        assert teams["A1"].value == "名次" and isinstance(teams["A2"].value, int), "the teams, ranked"
        assert all(teams.cell(row=r, column=1).value is not None for r in range(2, teams.max_row + 1)), "no totals below the teams"
        totals = board.worksheets[1]
        assert totals["A1"].value == "签约项目" and isinstance(totals["A2"].value, int), "the zone totals, typed"
        problems = mon.take()
        assert not problems, f"{role} exports:\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------------
# c. The menu's layout

TOP_LEVEL_ITEMS_JS = """
nav => {
  // Top-level items: links and <details> groups that are not inside another <details> (works with the
  // flat menu, with <details> groups, and with either wrapped in ul/li or div).
  const items = [...nav.querySelectorAll('a[href], details')].filter(e =>
      e.tagName === 'DETAILS' ? !e.parentElement.closest('details') : !e.closest('details'));
  return items.map(e => {
    const r = e.getBoundingClientRect();
    const label = (e.tagName === 'DETAILS' ? (e.querySelector('summary') || e) : e).innerText.trim();
    return {tag: e.tagName.toLowerCase(), label, top: r.top, left: r.left, right: r.right,
            width: r.width, height: r.height};
  });
}
"""


def _describe(items) -> str:
    return ", ".join(
        f"{it['tag']} {it['label']!r} w={it['width']:.0f} top={it['top']:.0f} x={it['left']:.0f}..{it['right']:.0f}"
        for it in items
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop1366", "phone390"])
def test_menu_layout(browser, server, role, viewport):
    vw = viewport["width"]
    with signed_in(browser, server, role, viewport) as (page, mon):
        page.goto("/")
        nav = page.locator("header nav.main").first
        assert nav.count() == 1, f"{role}: no nav.main in the page header"
        items = nav.evaluate(TOP_LEVEL_ITEMS_JS)
        assert items, f"{role}: nav.main has no top-level items"
        hidden = [it for it in items if it["width"] == 0 or it["height"] == 0]
        assert not hidden, f"{role} at {vw}px: top-level menu items not shown: {_describe(hidden)}"
        widths = sum(it["width"] for it in items)
        summary = f"{len(items)} top-level items, widths sum {widths:.0f}px: {_describe(items)}"
        report = os.environ.get("YUANQU_E2E_LAYOUT_REPORT")
        if report:
            tops = sorted(it["top"] for it in items)
            lines = 1 + sum(1 for x, y in zip(tops, tops[1:]) if y - x > TOP_TOLERANCE)
            with open(report, "a", encoding="utf-8") as f:
                f.write(
                    f"{role:<9} {vw:>4}px: {len(items):>2} items on {lines} line(s), widths "
                    f"{'+'.join(str(round(it['width'])) for it in items)} = {widths:.0f}px\n"
                )
        if vw == DESKTOP["width"]:
            ref = statistics.median(it["top"] for it in items)
            off = [it for it in items if abs(it["top"] - ref) > TOP_TOLERANCE]
            outside = [it for it in items if it["left"] < 0 or it["right"] > vw + 0.5]
            if off or outside:
                pytest.fail(
                    f"role {role}: the menu does not fit one line at {vw}x{viewport['height']}: "
                    f"{len(off)} item(s) off the line top={ref:.0f}±{TOP_TOLERANCE}px"
                    f"{', ' + str(len(outside)) + ' outside the viewport' if outside else ''}; {summary}",
                    pytrace=False,
                )
        else:
            outside = [it for it in items if it["left"] < 0 or it["right"] > vw + 0.5]
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if outside or scroll_width > vw + 1:
                pytest.fail(
                    f"role {role}: the menu is not usable at {vw}x{viewport['height']}: "
                    f"{len(outside)} item(s) outside the viewport ({_describe(outside)}); "
                    f"document scrollWidth {scroll_width}px; {summary}",
                    pytrace=False,
                )


# --------------------------------------------------------------------------------------------------
# d. The performance pages (issue 8): a rating saved and shown again, the 优秀 quota line between the
#    ranked people of a unit, a person's pay arithmetic in seven lines, the 末尾淘汰 flag with its evidence.


def open_link(page, text: str, context: str):
    """Follows the first link in <main> whose text is exactly `text`; fails with the links on offer."""
    link = page.locator("main a", has_text=re.compile(rf"^\s*{re.escape(text)}\s*$")).first
    if not link.count():
        offered = page.eval_on_selector_all("main a[href]", "es => es.map(e => e.innerText.trim())")
        pytest.fail(f"{context}: no link {text!r} on {page.url}; links: {offered[:40]}", pytrace=False)
    with page.expect_navigation():
        link.click()
    assert not is_error_page(page), f"{context}: {page.url} shows the error page"


def open_unit_results(page, role: str):
    """/performance → the 2025 annual cycle → 招商中心's results."""
    res = page.goto("/performance")
    assert res.status < 400 and not is_error_page(page), f"{role}: /performance answered {res.status}"
    open_link(page, "2025年度考核", f"{role} /performance")
    open_link(page, "招商中心", f"{role} the 2025 cycle page")
    assert re.search(rf"/performance/cycles/{UUID}/units/{UUID}/?$", urlparse(page.url).path), (
        f"{role}: expected a unit results page, got {page.url}"
    )


def test_performance_rating_saved(browser, server):
    role = "staff"
    with signed_in(browser, server, role) as (page, mon):
        res = page.goto("/performance/ratings")
        assert res.status < 400 and not is_error_page(page), f"{role}: /performance/ratings answered {res.status}"
        form = page.locator("main form:has(input[name^='score.'])").first
        assert form.count(), f"{role}: the rating page has no score inputs: {page.locator('main').inner_text()[:300]!r}"
        box = form.locator("input[name^='score.']").first
        name = box.get_attribute("name")
        value = "77.5" if box.input_value() != "77.5" else "78.5"
        box.fill(value)
        res = submit(page, form)
        assert res.status < 400, f"{role}: saving the rating was refused with {res.status}: {refusal_summary(page)}"
        assert urlparse(page.url).path.rstrip("/") == "/performance/ratings", f"{role}: after saving, on {page.url}"
        shown = page.locator(f"main input[name='{name}']")
        assert shown.count() == 1, f"{role}: the saved score's input {name!r} is not on the page again"
        assert shown.input_value() == value, f"{role}: {name} shows {shown.input_value()!r} after saving {value!r}"
        page.reload()
        assert page.locator(f"main input[name='{name}']").input_value() == value, f"{role}: {name} lost {value!r} on reload"
        problems = mon.take()
        assert not problems, f"{role} /performance/ratings:\n" + "\n".join(problems)


def test_performance_quota_line(browser, server):
    role = "hr"
    with signed_in(browser, server, role) as (page, mon):
        open_unit_results(page, role)
        line = page.locator("main tr.quota-line")
        assert line.count() == 1, f"{role}: expected one tr.quota-line on {page.url}, found {line.count()}"
        assert line.is_visible(), f"{role}: the quota line is not visible"
        text = line.inner_text()
        assert "优秀名额线" in text, f"{role}: the quota line says {text!r}, without 优秀名额线"
        places = int(re.search(r"(\d+)\s*名", text).group(1))
        # The ranks of the rows around the line: the last inside the quota and the first outside it.
        ranks = line.evaluate(
            """tr => {
                const rank = r => r ? parseInt(r.cells[0].innerText.trim(), 10) : null;
                return [rank(tr.previousElementSibling), rank(tr.nextElementSibling)];
            }"""
        )
        assert ranks[0] == places and ranks[1] == places + 1, (
            f"{role}: the line ({places} places) should sit between ranks {places} and {places + 1}; "
            f"it sits between {ranks[0]} and {ranks[1]}"
        )
        problems = mon.take()
        assert not problems, f"{role} {page.url}:\n" + "\n".join(problems)


def test_performance_pay_arithmetic(browser, server):
    role = "hr"
    with signed_in(browser, server, role) as (page, mon):
        open_unit_results(page, role)
        pay = page.locator("main td a[href*='/pay/']").first
        assert pay.count(), f"{role}: no pay link on the unit results page {page.url}"
        amount = pay.inner_text().strip()
        with page.expect_navigation():
            pay.click()
        assert not is_error_page(page), f"{role}: the pay arithmetic page {page.url} shows the error page"
        steps = page.locator("main table.arithmetic tr")
        labels = [steps.nth(i).locator("th").inner_text().strip() for i in range(steps.count())]
        numbers = [m.group(1) if (m := re.match(r"(\d+)\.", label)) else label for label in labels]
        assert numbers == [str(i) for i in range(1, 8)], (
            f"{role}: the arithmetic should show lines 1–7, shows {labels}"
        )
        last = steps.nth(6).locator("td").inner_text()
        assert amount in last, f"{role}: line 7 says {last!r}, not the {amount} the unit page shows"
        assert "部门权重合计" in steps.nth(5).inner_text(), f"{role}: line 6 does not divide by the unit's total weight"
        problems = mon.take()
        assert not problems, f"{role} {page.url}:\n" + "\n".join(problems)


def test_performance_flags_evidence(browser, server):
    role = "leader"
    with signed_in(browser, server, role) as (page, mon):
        res = page.goto("/performance/flags")
        assert res.status < 400 and not is_error_page(page), f"{role}: /performance/flags answered {res.status}"
        flag = page.locator("main section:has(h2:has-text('招商五组'))").first
        assert flag.count(), (
            f"{role}: no flag for 招商五组; headings: {page.locator('main h2').all_inner_texts()}"
        )
        rows = flag.locator("table tbody tr")
        assert rows.count() >= 2, f"{role}: 招商五组's flag shows {rows.count()} evidence rows, expected two cycles"
        for i in range(rows.count()):
            cells = rows.nth(i).locator("td").all_inner_texts()
            assert len(cells) == 4 and all(c.strip() for c in cells), f"{role}: evidence row {i + 1} is incomplete: {cells}"
            assert "季度考核" in cells[0], f"{role}: evidence row {i + 1} names no cycle: {cells}"
        decided = flag.locator("dl.decided").count() > 0
        form = flag.locator("form:has(select[name=decision])")
        assert decided or form.count() == 1, f"{role}: 招商五组's flag has neither a decision nor a decision form"
        problems = mon.take()
        assert not problems, f"{role} /performance/flags:\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------------
# The site's script (/app.js): pages carry no inline handler, the script asks and prints for them


def test_site_script_confirms_and_prints(browser, server):
    role = "admin"
    with signed_in(browser, server, role) as (page, mon):
        page.goto("/people")
        person = page.locator("main table a[href^='/people/']").evaluate_all(
            f"as => as.map(a => a.getAttribute('href')).filter(h => /^\\/people\\/{UUID}$/.test(h))"
        )
        assert person, "the people list links to a person"
        page.goto(person[0])
        button = page.locator("main button[data-confirm]").first
        assert button.count() == 1, f"{role}: no asking delete button on {page.url}"
        asked: list[str] = []

        def dismiss(dialog):
            asked.append(dialog.message)
            dialog.dismiss()

        page.once("dialog", dismiss)
        before = page.url
        button.click()
        page.wait_for_timeout(300)
        assert asked == [button.get_attribute("data-confirm")], f"the delete button asked {asked!r}"
        assert page.url == before, "a question answered No sends nothing"

        page.goto("/engineering/meetings")
        meeting = page.locator("main table a[href^='/engineering/meetings/']").first
        assert meeting.count() == 1, "the demo has a meeting"
        meeting.click()
        page.wait_for_load_state()
        page.evaluate("() => { window.print = () => { window.yuanquPrinted = true; }; }")
        page.locator("main button[data-print]").first.click()
        assert page.evaluate("() => window.yuanquPrinted === true"), "the print button prints"
        problems = mon.take()
        assert not problems, f"{role} /app.js:\n" + "\n".join(problems)
