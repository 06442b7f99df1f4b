#!/usr/bin/env bash
# `make run`: ingest the sample data when the database is empty, then serve the observatory.
# The sample is the real IPI files when ../shared/data/ipi is present, otherwise a SYNTHETIC
# sample generated on the spot (clearly labelled as such in its file and source names).
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
    sample="$($pkobs demo-sample)"
    $pkobs ingest "$sample"
  fi
fi
$pkobs indicator share --to "$($pkobs sql "SELECT strftime(max(month), '%Y-%m') AS m FROM contributions" --format csv | tail -n 1)" --from "$($pkobs sql "SELECT strftime(max(month), '%Y-%m') AS m FROM contributions" --format csv | tail -n 1)"
if $pkobs serve --help >/dev/null 2>&1; then
  exec $pkobs serve --host "$host" --port "$port"
fi
