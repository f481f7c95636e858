#!/usr/bin/env bash
# Generates the typed client's types (src/schema.ts) from api/openapi.yaml with
# openapi-typescript from tests/node (a development tool; the client has no runtime
# dependencies). `make client` runs it; tests/checks/client.sh runs it into a temporary
# file and compares. Usage: clients/typescript/generate.sh [output file]
# The options are pinned here, in one place, so the same spec always gives the same bytes:
#   --default-non-nullable false  a property with a default stays optional (request bodies
#                                 may leave it out; the server fills it in)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/src/schema.ts}
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
bin=$("$here/../../scripts/node.sh")
# run from this folder (no redocly.yaml here) so nothing but the options below applies
cd "$here"
"$bin/openapi-typescript" ../../api/openapi.yaml --default-non-nullable false -o "$out" >/dev/null
