# Shared by the scripts: paths, readable progress lines, quiet command runs with a log.
# shellcheck shell=bash

RENFORT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RENFORT_BUILD_DIR="${RENFORT_BUILD_DIR:-$RENFORT_ROOT/build}"

say() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command with its output sent to a log file; on failure shows the log's tail and exits.
#   quietly LOGFILE command args...
quietly() {
  local log="$1"; shift
  mkdir -p "$(dirname "$log")"
  if ! "$@" >"$log" 2>&1; then
    printf 'error: %s failed; last lines of %s:\n' "$1" "$log" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}

# Seconds since the epoch with a decimal part, for timing steps.
now() { date +%s.%N; }
elapsed_since() { awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.1f", end - start }'; }
