#!/usr/bin/env bash
# `make run`: ingest the sample data when the database is empty, print the headline figures,
# then serve the observatory on http://HOST:PORT/.
# The sample is the real IPI files when ../shared/data/ipi is present, otherwise a SYNTHETIC
# sample generated on the spot (labelled SYNTHETIC in its file and source names).
set -euo pipefail
ipi_dir="${1:-../shared/data/ipi}"
host="${2:-127.0.0.1}"
port="${3:-8000}"
pkobs=".venv/bin/pkobs"
rows=$($pkobs sql "SELECT count(*) AS n FROM contributions" --format csv | tail -n 1)
if [ "$rows" = "0" ]; then
  if [ -f "$ipi_dir/Gender.Full.csv" ] && [ -f "$ipi_dir/current_month.csv" ]; then
    $pkobs ingest "$ipi_dir/Gender.Full.csv" "$ipi_dir/current_month.csv"
  else
    echo "Real data not found in $ipi_dir: generating a SYNTHETIC demo sample (not real figures)."
    $pkobs ingest "$($pkobs demo-sample)"
  fi
fi
latest=$($pkobs sql "SELECT strftime(max(month), '%Y-%m') AS m FROM contributions" --format csv | tail -n 1)
$pkobs indicator share --from "$latest" --to "$latest"
$pkobs indicator trend --to "$latest" --window 12 2>/dev/null || true
exec $pkobs serve --host "$host" --port "$port"
