#!/usr/bin/env bash
# Runs a command while every core is kept busy by another process, as CI runs the test suite:
#
#   scripts/under-load.sh mvn verify
#
# The load is scripts/BusyCores.java: one spinning thread per core (BUSY_CORES to choose), at normal priority, so the
# command competes for every core as it would beside a second build or an IDE. The load stops when the command ends,
# and by itself if this script is killed. The command's exit status is this script's.
set -euo pipefail
cd "$(dirname "$0")/.."

cores="${BUSY_CORES:-$(nproc)}"
java scripts/BusyCores.java "$cores" "$$" &
load=$!
trap 'kill "$load" 2>/dev/null || true' EXIT
echo "under-load.sh: $cores busy threads (pid $load) beside: $*" >&2
"$@"
