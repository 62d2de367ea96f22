#!/usr/bin/env bash
# Entry point of `npm run demo` and `npm test`: makes sure dependencies are installed and
# current, then hands over to scripts/stack.ts, which sets up the services and runs the mode.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1; then
  echo "Node.js 20.9 or newer is required (https://nodejs.org, or: apt-get install nodejs npm)." >&2
  exit 1
fi
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=9)?0:1)' || {
  echo "Node.js 20.9 or newer is required; this is $(node --version)." >&2
  exit 1
}

stamp=node_modules/.gristmill-lock-sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "▸ installing dependencies (npm install, pinned by package-lock.json)"
  # Not `npm ci`: npm 11 rejects this lock file over other platforms' optional binaries.
  npm install --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

export NEXT_TELEMETRY_DISABLED=1
exec node_modules/.bin/tsx scripts/stack.ts "$@"
