#!/usr/bin/env bash
# The development and test tools of tests/node (ajv, openapi-typescript, typescript,
# playwright-core): installs them from the lock file when node_modules is missing or
# older than the lock. Never used at run time. Prints the tools' bin folder.
set -euo pipefail
cd "$(dirname "$0")/../tests/node"
if ! cmp -s package-lock.json node_modules/.yinhui-lock 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error >&2
  cp package-lock.json node_modules/.yinhui-lock
fi
echo "$PWD/node_modules/.bin"
