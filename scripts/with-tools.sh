#!/usr/bin/env bash
# Runs a command with the project's own Node and pnpm (.tools/bin) first on PATH.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$root/.tools/bin:$root/node_modules/.bin:$PATH"
if [ -f "$root/.tools/nodedir" ]; then
  npm_config_nodedir=$(cat "$root/.tools/nodedir")
  export npm_config_nodedir
fi
exec "$@"
