"""A real zone going live, as its IT officer and its zone admin would (issue 19).

On a fresh SQLite database: `yuanqu serve --env production` refuses to start and names `yuanqu setup`; `yuanqu setup`
with every answer as a flag and the passwords on standard input creates the zone and its admins; `serve --env
production` then serves it with no demo user. In the browser the new zone admin signs in, downloads the organisation
workbook's template from the import page, uploads it back, and sees the units on the org chart.

Its own server on 127.0.0.1:YUANQU_E2E_PORT + 1 (default 8182); skipped when YUANQU_BASE_URL names a running server.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from test_browser import DESKTOP, PORT, Monitor, _health, _server_binary, is_error_page, sign_in

LIVE_PORT = PORT + 1
LIVE = f"http://127.0.0.1:{LIVE_PORT}"
ADMIN, ADMIN_PASSWORD = "gx-admin", "Gaoxin-zone-2026"
SETUP = [
    "setup", "--zone-code", "gaoxin", "--zone-name", "南京高新技术产业开发区", "--zone-name-en", "Nanjing Hi-tech Zone",
    "--committee-cap", "80", "--company-cap", "60", "--platform-admin", "pt-admin", "--admin", ADMIN,
]


@pytest.fixture(scope="module")
def live():
    """A production server of a zone set up from nothing; yields its URL."""
    if os.environ.get("YUANQU_BASE_URL"):
        pytest.skip("YUANQU_BASE_URL names a running server; going live needs a fresh one")
    if _health(LIVE) != 0:
        pytest.exit(f"something already listens on {LIVE}", returncode=2)
    binary = _server_binary()
    workdir = tempfile.mkdtemp(prefix="yuanqu-e2e-live-")
    env = dict(os.environ, YUANQU_SQLITE=os.path.join(workdir, "live.sqlite"))
    serve = [binary, "serve", "--env", "production", "--hostname", "127.0.0.1", "--port", str(LIVE_PORT)]

    refused = subprocess.run(serve, cwd=workdir, env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0, "production serve on an empty database must not start"
    assert "\n    yuanqu setup\n" in refused.stdout + refused.stderr, refused.stdout + refused.stderr

    made = subprocess.run(
        [binary, *SETUP], cwd=workdir, env=env, input=f"{ADMIN_PASSWORD}\nPlatform-pass-2026\n", capture_output=True, text=True, timeout=120
    )
    assert made.returncode == 0, made.stdout + made.stderr

    log = open(os.path.join(workdir, "server.log"), "wb")
    proc = subprocess.Popen(serve, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while _health(LIVE) != 200:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the production server did not start:\n" + Path(workdir, "server.log").read_text(errors="replace")[-3000:])
            time.sleep(0.5)
        yield LIVE
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


def test_going_live_setup_sign_in_import_org_chart(browser, live, tmp_path):
    ctx = browser.new_context(viewport=DESKTOP, base_url=live, accept_downloads=True)
    page = ctx.new_page()
    monitor = Monitor(page)

    sign_in(page, "admin", "Yuanqu2020")
    assert urlparse(page.url).path == "/login", "no demo account exists in production"

    sign_in(page, ADMIN, ADMIN_PASSWORD)
    assert urlparse(page.url).path == "/", f"the new zone admin lands on the home page, not {page.url}"

    assert page.locator("nav.main a[href='/organisation/import']").count() == 1, "the menu offers the workbook import"
    page.goto("/organisation/import")
    assert not is_error_page(page)
    with page.expect_download() as download:
        page.locator("a[href='/organisation/import?template=xlsx']").click()
    template = tmp_path / "organisation.xlsx"
    download.value.save_as(template)

    page.locator("input[type=file][name=file]").set_input_files(str(template))
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    alert = page.locator(".alert-ok").inner_text()
    assert "单位 4 条" in alert and "岗位 5 条" in alert and "人员 5 条" in alert, alert

    page.locator(".alert-ok a").click()
    page.wait_for_load_state()
    chart = page.locator("main").inner_text()
    for unit in ["党工委管委会领导班子", "综合管理部", "招商中心", "招商一组"]:
        assert unit in chart, f"{unit} on the org chart"
    # Chromium asks for /favicon.ico once per browser (Yuanqu has none), and reports the template's download as an
    # aborted navigation: neither is something a person sees.
    problems = [p for p in monitor.take() if "favicon.ico" not in p and not ("template=xlsx" in p and "ERR_ABORTED" in p)]
    assert problems == []
    monitor.check_csp()
    ctx.close()
