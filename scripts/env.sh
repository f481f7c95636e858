#!/usr/bin/env bash
# Sourced by run.sh, test.sh and bench: starts the private servers unless YH_DB_*/
# YH_REDIS_* point elsewhere, and exports the settings that reach them.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$top/scripts/services.sh" start
eval "$("$top/scripts/services.sh" env)"
export YH_SQL_DIR="${YH_SQL_DIR:-$top/sql}"
export YH_OPENAPI_PATH="${YH_OPENAPI_PATH:-$top/api/openapi.yaml}"
# redis-cli (test.sh, tests) authenticates with the service's Redis password
export REDISCLI_AUTH="${REDISCLI_AUTH:-${YH_REDIS_PASSWORD:-}}"
# mariadb client arguments matching the YH_DB_* settings
db_cli() {
  if [ -n "${YH_DB_SOCKET:-}" ]; then
    mariadb --no-defaults -S "$YH_DB_SOCKET" -u"${YH_DB_USER:-root}" ${YH_DB_PASSWORD:+-p"$YH_DB_PASSWORD"} "$@"
  else
    mariadb --no-defaults -h "${YH_DB_HOST:-127.0.0.1}" -P "${YH_DB_PORT:-3307}" -u"${YH_DB_USER:-root}" ${YH_DB_PASSWORD:+-p"$YH_DB_PASSWORD"} "$@"
  fi
}
