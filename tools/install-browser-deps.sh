#!/usr/bin/env bash
# Installs what the browser and HTML tests need, when missing:
# Debian's Chromium (as root, through apt) and the npm checkers (axe-core, vnu-jar, lighthouse),
# and decap-server, the web form's local backend for its end-to-end test.
# Without root or network the browser tests skip with a clear message.
set -u
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Memasang Chromium dari Debian (apt)…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "peringatan: Chromium gagal dipasang; uji peramban akan dilewati."
  else
    echo "peringatan: Chromium tidak ada dan bukan root; uji peramban akan dilewati."
  fi
fi
if command -v npm >/dev/null 2>&1 && { [ ! -d node_modules/axe-core ] || [ ! -x node_modules/.bin/lighthouse ] || [ ! -f node_modules/decap-server/dist/index.js ]; } ; then
  npm install --no-audit --no-fund --silent >/dev/null 2>&1 \
    || echo "peringatan: npm install gagal; uji axe dan validasi HTML akan dilewati."
fi
exit 0
