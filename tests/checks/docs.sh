#!/usr/bin/env bash
# /docs in headless Chromium from Debian (tests/node/docs.mjs, playwright-core): the built
# service on a free loopback port with the test environment, the page loaded without a
# console error, warning, failed request or CSP violation, every tag of api/openapi.yaml a
# visible section; the full-page screenshot is kept as $YH_TEST_LOG_DIR/docs.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -n "${YH_NODE_BIN:-}" ] || YH_NODE_BIN=$(scripts/node.sh)
[ -x /usr/bin/chromium ] || { echo "docs: /usr/bin/chromium is missing (scripts/deps.sh installs it)"; exit 1; }
. tests/checks/lib/service.sh
trap stop_service EXIT
start_service docs YH_OPENAPI_PATH="$PWD/api/openapi.yaml"
rm -f "$logs/docs.png"
node tests/node/docs.mjs "http://127.0.0.1:$port" "$logs/docs.png" api/openapi.yaml
[ -s "$logs/docs.png" ] || { echo "docs: no screenshot"; exit 1; }
