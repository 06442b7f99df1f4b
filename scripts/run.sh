#!/usr/bin/env bash
# `make run`: when the database is empty, load the real history shipped with pkobs (a snapshot
# that `pkobs snapshot build` makes from the real UN and IPI files; see docs/sources.md), print
# the headline figures, then serve the observatory on http://HOST:PORT/.
set -euo pipefail
host="${1:-127.0.0.1}"
port="${2:-8000}"
pkobs=".venv/bin/pkobs"
$pkobs snapshot load --if-empty
latest=$($pkobs sql "SELECT strftime(max(month), '%Y-%m') AS m FROM source_months" --format csv | tail -n 1)
$pkobs indicator share --from "$latest" --to "$latest"
$pkobs indicator trend --to "$latest" --window 12 2>/dev/null || true
exec $pkobs serve --host "$host" --port "$port"
