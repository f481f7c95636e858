#!/usr/bin/env bash
# Installs every Debian package the build, the tests or the benchmark need and that is
# missing. Runs apt-get update at most once. Usage: scripts/deps.sh [bench|fuzz]
set -euo pipefail
pkgs=(gcc make libc6-dev pkg-config libcivetweb-dev libcjson-dev libhiredis-dev libmariadb-dev
      libjwt-dev libcmocka-dev libssl-dev libargon2-dev libcurl4-openssl-dev libicu-dev
      mariadb-server mariadb-client redis-server redis-tools nginx openssl ca-certificates
      libpango1.0-dev libcairo2-dev fonts-noto-cjk libqrencode-dev poppler-utils zbar-tools
      libxlsxwriter-dev libyaml-dev zlib1g-dev chromium prometheus python3) # python3: tests/checks/drain.sh and the bench scripts
# Node.js and npm run the test tools of tests/node only (scripts/node.sh); a machine that
# already has them from elsewhere (nodesource's nodejs carries npm) keeps its own
command -v npm >/dev/null 2>&1 || pkgs+=(nodejs npm)
[ "${1:-}" = bench ] && pkgs+=(wrk curl)
[ "${1:-}" = fuzz ] && pkgs+=(clang libclang-rt-14-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "deps: missing packages: ${missing[*]} (run as root, or install them)" >&2
  exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d keeps the packages' own service starts from grabbing ports we use
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
