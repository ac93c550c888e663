#!/usr/bin/env bash
# Run `make test` several times in a row while CPU-bound processes compete for
# the cores, as on a busy shared CI machine. The suite runs in random order
# (pytest-randomly); this script picks each run's seed and prints it, and
# `make test PYTEST_ARGS=--randomly-seed=N` replays that order.
#
#   bash scripts/test-under-load.sh [RUNS] [BUSY_LOOPS]     (defaults: 10 and 2)
#
# Exits 1 at the first failing run, leaving its log in the printed path.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-10}
busy=${2:-2}
logs=$(mktemp -d)
pids=()
stop_loops() { ((${#pids[@]})) && kill "${pids[@]}" 2>/dev/null; true; }
trap stop_loops EXIT

for _ in $(seq "$busy"); do
    ( while :; do :; done ) &
    pids+=($!)
done
echo "$busy busy loops running; logs in $logs"

printf '%-4s %-12s %-9s %s\n' run seed seconds result
for n in $(seq "$runs"); do
    log="$logs/run-$n.log"
    start=$(date +%s%N)
    seed=$(( (RANDOM << 15) | RANDOM ))
    if make test PYTEST_ARGS="--randomly-seed=$seed" >"$log" 2>&1; then result=passed; else result=FAILED; fi
    seconds=$(awk -v ns=$(($(date +%s%N) - start)) 'BEGIN { printf "%.1f", ns / 1e9 }')
    summary=$(grep -E -m1 '[0-9]+ (passed|failed)' "$log" || true)
    printf '%-4s %-12s %-9s %s  %s\n' "$n" "$seed" "$seconds" "$result" "$summary"
    if [ "$result" = FAILED ]; then
        echo "run $n failed: see $log" >&2
        exit 1
    fi
done
