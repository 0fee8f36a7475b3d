#!/usr/bin/env bash
# End-to-end browser tests (e2e/test_browser.py): installs what they need, builds the server, runs them.
#   usage: bash scripts/e2e.sh [extra pytest arguments, e.g. -k layout]
#   env:   YUANQU_BIN          server binary to test (default: `swift build`, then its bin path/yuanqu)
#          YUANQU_E2E_PORT     port on 127.0.0.1 for the throw-away server (default 8181)
#          YUANQU_BASE_URL     test an already running server instead of starting one
#          PYTHON              python interpreter (default python3)
# Installs Debian's chromium + fonts-noto-cjk (apt) and playwright + pytest (pip) only when missing;
# never runs `playwright install`: the tests launch Debian's /usr/bin/chromium.
# The server is started (fresh SQLite database in a temp folder) and stopped by the tests' session fixture.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-python3}"
WORK="$(mktemp -d /tmp/yuanqu-e2e-run.XXXXXX)"
LOG="$WORK/setup.log"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
fail_setup() { echo "e2e: $1 (last lines of $LOG):" >&2; tail -n 30 "$LOG" >&2 || true; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  echo "e2e: installing chromium and fonts-noto-cjk from Debian's packages"
  as_root apt-get update >>"$LOG" 2>&1 || fail_setup "apt-get update failed"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk >>"$LOG" 2>&1 \
    || fail_setup "apt-get install failed"
fi

if ! "$PY" -c "import playwright.sync_api, pytest, openpyxl" >/dev/null 2>&1; then
  echo "e2e: installing playwright, pytest and openpyxl with pip"
  if ! "$PY" -m pip --version >/dev/null 2>&1; then
    as_root apt-get update >>"$LOG" 2>&1 || true
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y python3-pip >>"$LOG" 2>&1 || fail_setup "no pip, and python3-pip did not install"
  fi
  "$PY" -m pip install -q playwright pytest openpyxl >>"$LOG" 2>&1 \
    || "$PY" -m pip install -q --break-system-packages playwright pytest openpyxl >>"$LOG" 2>&1 \
    || fail_setup "pip install failed"
fi

if [ -z "${YUANQU_BASE_URL:-}" ] && [ -z "${YUANQU_BIN:-}" ]; then
  echo "e2e: swift build"
  swift build >>"$LOG" 2>&1 || fail_setup "swift build failed"
  YUANQU_BIN="$(swift build --show-bin-path)/yuanqu"
fi
if [ -z "${YUANQU_BASE_URL:-}" ]; then
  [ -x "$YUANQU_BIN" ] || { echo "e2e: no server binary at $YUANQU_BIN" >&2; exit 1; }
  export YUANQU_BIN
  echo "e2e: server binary $YUANQU_BIN"
fi

export YUANQU_E2E_LAYOUT_REPORT="$WORK/layout.txt"
: >"$YUANQU_E2E_LAYOUT_REPORT"
export PYTHONDONTWRITEBYTECODE=1

set +e
"$PY" -m pytest -q -p no:cacheprovider e2e/ "$@" 2>&1 | tee "$WORK/pytest.log"
status=${PIPESTATUS[0]}
set -e

if [ -s "$YUANQU_E2E_LAYOUT_REPORT" ]; then
  echo
  echo "menu layout (top-level items of nav.main):"
  sort "$YUANQU_E2E_LAYOUT_REPORT"
fi
# pytest's closing line ("N failed, M passed, K skipped in T s") last, for whoever reads the tail.
summary="$(grep -E '^=*[ ]*[0-9]+ (passed|failed|error|errors|skipped|deselected)' "$WORK/pytest.log" | tail -n 1 | sed -E 's/^=+ //; s/ =+$//')"
if [ -n "$summary" ]; then echo; echo "$summary"; fi
exit "$status"
