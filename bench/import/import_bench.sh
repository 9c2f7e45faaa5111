#!/usr/bin/env bash
# Times `renfortctl import volunteers` on a file written by renfort-datagen, against a
# throw-away PostgreSQL of its own (scripts/stack, durable settings unless --fast), and prints
# the importer's summary and steps, the wall time, the CPU time of the importer
# (/usr/bin/time) and of PostgreSQL (all its processes), and the machine's load average.
#
#   bench/import/import_bench.sh [--volunteers=N] [--fast] [--no_events]
#
# Needs a built tree (scripts/build). The generated file stays in build/bench-import/ so a
# second run skips the generation.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"

volunteers=1000000
stack_flags=()
import_flags=()
for arg in "$@"; do
  case "$arg" in
    --volunteers=*) volunteers="${arg#*=}" ;;
    --fast) stack_flags+=(--fast) ;;
    --no_events) import_flags+=(--no_events) ;;
    *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done

bin="$RENFORT_BUILD_DIR/tools"
data="$RENFORT_BUILD_DIR/bench-import/$volunteers"
if [[ ! -s "$data/volunteers.csv" ]]; then
  mkdir -p "$data"
  say "Generating $volunteers volunteers into ${data#"$RENFORT_ROOT"/}"
  "$bin/datagen/renfort-datagen" --seed=1 --volunteers="$volunteers" --missions=0 --out_dir="$data" >/dev/null
fi

stack="import-bench-$$"
stack_env=$("$RENFORT_ROOT/scripts/stack" start "$stack" "${stack_flags[@]}")
trap '"$RENFORT_ROOT/scripts/stack" stop "$stack" --remove >/dev/null' EXIT
url=$(sed -n 's/^RENFORT_DATABASE_URL=//p' <<<"$stack_env")
"$bin/renfort-migrate" --database_url="$url" --communes_csv="$RENFORT_ROOT/data/communes.csv" >/dev/null

# CPU seconds used so far by the PostgreSQL of `$1` (its postmaster pid): the postmaster with
# its exited children (each import connection is one), plus every live child.
pg_cpu_seconds() {
  local postmaster="$1" ticks total=0 pid fields
  ticks=$(getconf CLK_TCK)
  read -r -a fields < <(sed 's/^.*) //' "/proc/$postmaster/stat")
  total=$((fields[11] + fields[12] + fields[13] + fields[14]))
  for pid in $(ps -o pid= --ppid "$postmaster"); do
    if read -r -a fields < <(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null); then
      total=$((total + fields[11] + fields[12]))
    fi
  done
  awk -v t="$total" -v hz="$ticks" 'BEGIN { printf "%.1f", t / hz }'
}
postmaster=$(head -n 1 "$(psql -X "$url" -tAc 'SHOW data_directory')/postmaster.pid")
pg_before=$(pg_cpu_seconds "$postmaster")

say "Importing $(wc -l <"$data/volunteers.csv") lines ($(du -h "$data/volunteers.csv" | cut -f1)); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(now)
set +e
/usr/bin/time -f '%e s wall, %U s user, %S s system, %M KiB peak' -o "$data/time.txt" \
  "$bin/renfortctl" import volunteers "$data/volunteers.csv" --database_url="$url" \
  --rejects="$data/rejects.csv" "${import_flags[@]}" 2>"$data/progress.log"
code=$?
set -e
printf 'exit %d, wall %s s, load average after: %s\n' "$code" "$(elapsed_since "$start")" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
grep -E '^renfortctl|merged' "$data/progress.log" | tail -n 2 | sed 's/^.*\r//' || true
printf 'importer CPU: %s\n' "$(tail -n 1 "$data/time.txt")"
sleep 1  # the postmaster counts an exited backend's CPU once it has reaped it
printf 'PostgreSQL CPU: %s s (all its processes)\n' \
  "$(awk -v a="$pg_before" -v b="$(pg_cpu_seconds "$postmaster")" 'BEGIN { printf "%.1f", b - a }')"
