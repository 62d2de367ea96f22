#!/usr/bin/env bash
# Writes a migration from the difference between the committed schema and the working one
# (prisma migrate dev needs a native engine this setup does not download).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: npm run db:migration -- NAME}
prev=$(mktemp --suffix=.prisma)
git show HEAD:prisma/schema.prisma > "$prev" 2>/dev/null || : > "$prev"
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
export PRISMA_SCHEMA_ENGINE_BINARY=/bin/false
export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
if [ -s "$prev" ]; then from=(--from-schema-datamodel "$prev"); else from=(--from-empty); fi
sql=$(node_modules/.bin/prisma migrate diff "${from[@]}" --to-schema-datamodel prisma/schema.prisma --script | sed '1{/^Loaded Prisma config/d}')
rm -f "$prev"
if ! grep -q '[A-Za-z]' <<<"$(grep -v '^--' <<<"$sql")"; then echo "schema unchanged: no migration written"; exit 0; fi
mkdir -p "$dir"
printf '%s\n' "$sql" > "$dir/migration.sql"
echo "wrote $dir/migration.sql"
