#!/usr/bin/env bash
# Load test over stdio: pipelined MCP tools/call requests of one trivial tool, Bulwark against a bare MCP Java SDK
# stdio server serving the same tool, in alternating rounds in one go, reported round by round with the ratios. Not
# run by CI; see docs/performance.md ("Tool calls over stdio") for the method and the latest figures.
#
#   mvn -q -DskipTests package                              # bootstrap/target/bulwark-server.jar and the launcher
#   mvn -q -P bench -pl loadtest -am -DskipTests package                  # loadtest/target/bare-sdk-server.jar (and the driver)
#   scripts/load-stdio.sh
#
# The driver (dev.bulwark.loadtest.StdioLoad, in the loadtest jar) starts both servers, initializes each, warms each
# up in turns, then runs LOAD_ROUNDS rounds: in each, each server in turn (the order flips every round) gets
# LOAD_DURATION seconds of tools/call requests with at most LOAD_WINDOW outstanding; the driver checks that every
# answer is a successful tool result, and reads the server's CPU time (utime + stime, /proc/<pid>/stat) around the
# run. Bulwark runs with the flags scripts/load.sh gives it (BULWARK_FLAGS, scripts/load/common.sh) without --http:
# the conformance tools, the limits raised so that every check runs and none rejects. Its logs (one JSON line per
# call on stderr) go to a file, as they would to a log collector.
#
# Environment (defaults in brackets): LOAD_WINDOW [64], LOAD_ROUNDS [5], LOAD_DURATION seconds [10], LOAD_WARMUP
# seconds per server [30], LOAD_WARMUP_RUNS [3], LOAD_TOOL [test_simple_text, a CALLER_THREAD tool],
# LOAD_ARGUMENTS [{}], LOAD_ERA [2025-11-25; 2026-07-28 sends each call as a request of the 2026 era, which
# the bare SDK serves as a 2025 call], LOAD_JAVA_OPTS [-Xms512m -Xmx512m, the same for both], LOAD_RESULTS [a
# temporary directory], BULWARK_LAUNCHER [no: java -jar; yes: start Bulwark with bootstrap/target/bulwark, the
# launcher and its class-data archive, with JAVA_OPTS set to LOAD_JAVA_OPTS], BULWARK_EXTRA_ARGS [none], BULWARK_JAR
# [the built jar].
#
# The bare SDK runs with immediateExecution: its one reading thread runs each handler itself, one call after the
# other. It is the reference: every ratio is to it.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BULWARK_JAR="${BULWARK_JAR:-$ROOT/bootstrap/target/bulwark-server.jar}"
LAUNCHER="$(dirname "$BULWARK_JAR")/bulwark"
PEER_JAR="$ROOT/loadtest/target/bare-sdk-server.jar"
OUT="${LOAD_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/bulwark-load-stdio.XXXXXX")}"
read -r -a JVM_OPTS <<<"${LOAD_JAVA_OPTS:--Xms512m -Xmx512m}"
read -r -a BULWARK_EXTRA <<<"${BULWARK_EXTRA_ARGS:-}"

say() { printf 'load-stdio: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[[ -f "$BULWARK_JAR" ]] || die "no $BULWARK_JAR: mvn -q -DskipTests package"
[[ -f "$PEER_JAR" ]] || die "no $PEER_JAR: mvn -q -P bench -pl loadtest -am -DskipTests package"
mkdir -p "$OUT"

# shellcheck source=load/common.sh
source "$ROOT/scripts/load/common.sh"
# The HTTP flags of scripts/load.sh, less those that only mean something over HTTP
STDIO_FLAGS=()
skip=0
for flag in "${BULWARK_FLAGS[@]}"; do
    if ((skip)); then skip=0; continue; fi
    case "$flag" in
        --http) ;;
        --management-port | --max-connections | --max-connections-per-address) skip=1 ;;
        *) STDIO_FLAGS+=("$flag") ;;
    esac
done

if [[ "${BULWARK_LAUNCHER:-no}" == yes ]]; then
    [[ -x "$LAUNCHER" ]] || die "no $LAUNCHER: mvn -q -DskipTests package"
    export JAVA_OPTS="${JVM_OPTS[*]}"
    BULWARK=("$LAUNCHER")
else
    BULWARK=(java "${JVM_OPTS[@]}" -jar "$BULWARK_JAR")
fi

ARGUMENTS="${LOAD_ARGUMENTS:-}"
[[ -n "$ARGUMENTS" ]] || ARGUMENTS='{}'

say "java: $(java -version 2>&1 | head -n 1) (both servers); results and server logs in $OUT"
java -cp "$PEER_JAR" dev.bulwark.loadtest.StdioLoad \
    --window "${LOAD_WINDOW:-64}" --rounds "${LOAD_ROUNDS:-5}" --duration "${LOAD_DURATION:-10}" \
    --warmup "${LOAD_WARMUP:-30}" --warmup-runs "${LOAD_WARMUP_RUNS:-3}" \
    --tool "${LOAD_TOOL:-test_simple_text}" --arguments "$ARGUMENTS" --era "${LOAD_ERA:-2025-11-25}" --logs "$OUT" \
    -- bulwark "${BULWARK[@]}" "${STDIO_FLAGS[@]}" "${BULWARK_EXTRA[@]}" \
    -- bare-sdk java "${JVM_OPTS[@]}" -jar "$PEER_JAR" --stdio \
    | tee "$OUT/summary.md"
