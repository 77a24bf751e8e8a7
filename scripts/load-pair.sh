#!/usr/bin/env bash
# Compares two variants of the Bulwark server under the same load at the same time: both servers run side by side and
# each gets its own wrk (LOAD_CONNECTIONS connections) at once, so whatever else the machine does hits both alike. It
# prints, per round, each server's CPU time per call, calls and p99, and the CPU ratio A / B. Use it to decide whether
# a change is worth keeping: on a shared 2-core machine one round moves by about ±3 %, so run 5 rounds and look at
# the later ones (the first rounds still measure the JIT). Not run by CI; see docs/performance.md.
#
#   scripts/load-pair.sh "A java options and jar" "B java options and jar"
#   scripts/load-pair.sh "-jar /tmp/new.jar" "-jar bootstrap/target/bulwark-server.jar"
#   scripts/load-pair.sh "-Dlogback.configurationFile=/tmp/lean.xml -jar bootstrap/target/bulwark-server.jar" \
#                        "-jar bootstrap/target/bulwark-server.jar"
#
# Each variant is started as `java -Xms512m -Xmx512m <variant> --http --port P ...` with the flags scripts/load.sh
# gives Bulwark (BULWARK_FLAGS in scripts/load/common.sh: conformance tools, limits raised so every check runs and
# none rejects).
# Environment (defaults in brackets): LOAD_CONNECTIONS per server [16], LOAD_WARMUP seconds [60], LOAD_WARMUP_RUNS [3:
# the warm-up is split into that many wrk runs, as in scripts/load.sh, so the rounds do not pay for the JIT's
# reaction to new connections], LOAD_ROUNDS [5], LOAD_DURATION seconds per round [10], LOAD_RESULTS [a temporary
# directory; the servers' logs go there], and as in scripts/load.sh LOAD_MODE [stateful, or stateless], LOAD_TOOL
# [test_simple_text] and LOAD_ARGUMENTS [{}]. LOAD_ERA [2025-11-25; or 2026-07-28: every call is a request of the
# 2026 era, with no session in either mode].
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LUA="$ROOT/scripts/load/tools-call.lua"
[[ $# -eq 2 ]] || { echo "usage: $0 \"variant A\" \"variant B\" (java options and -jar path)" >&2; exit 2; }
read -r -a VARIANT_A <<<"$1"
read -r -a VARIANT_B <<<"$2"
CONNECTIONS="${LOAD_CONNECTIONS:-16}"
WARMUP="${LOAD_WARMUP:-60}"
WARMUP_RUNS="${LOAD_WARMUP_RUNS:-3}"
ROUNDS="${LOAD_ROUNDS:-5}"
DURATION="${LOAD_DURATION:-10}"
OUT="${LOAD_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/bulwark-pair.XXXXXX")}"
MODE="${LOAD_MODE:-stateful}"
export MCP_ERA="${LOAD_ERA:-2025-11-25}"
export MCP_TOOL="${LOAD_TOOL:-test_simple_text}"
export MCP_ARGUMENTS="${LOAD_ARGUMENTS:-}"
[[ -n "$MCP_ARGUMENTS" ]] || MCP_ARGUMENTS='{}'
PIDS=()

say() { printf 'pair: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
case "$MODE" in
    stateful) MODE_FLAGS=() ;;
    stateless) MODE_FLAGS=(--http-mode stateless) ;;
    *) die "LOAD_MODE must be stateful or stateless, not $MODE" ;;
esac
case "$MCP_ERA" in
    2025-11-25 | 2026-07-28) ;;
    *) die "LOAD_ERA must be 2025-11-25 or 2026-07-28, not $MCP_ERA" ;;
esac
command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
mkdir -p "$OUT"

# shellcheck source=load/common.sh
source "$ROOT/scripts/load/common.sh"

PORT_A="$(free_port)"
PORT_B="$(free_port)"
[[ "$PORT_A" != "$PORT_B" ]] || PORT_B="$(free_port)"
# the MCP_ variables are for wrk's script; a server would warn that they are not settings
env -u MCP_ERA -u MCP_TOOL -u MCP_ARGUMENTS java -Xms512m -Xmx512m "${VARIANT_A[@]}" "${BULWARK_FLAGS[@]}" "${MODE_FLAGS[@]}" --port "$PORT_A" >"$OUT/a.log" 2>&1 &
PID_A=$!
PIDS+=("$PID_A")
env -u MCP_ERA -u MCP_TOOL -u MCP_ARGUMENTS java -Xms512m -Xmx512m "${VARIANT_B[@]}" "${BULWARK_FLAGS[@]}" "${MODE_FLAGS[@]}" --port "$PORT_B" >"$OUT/b.log" 2>&1 &
PID_B=$!
PIDS+=("$PID_B")
URL_A="http://127.0.0.1:$PORT_A/mcp"
URL_B="http://127.0.0.1:$PORT_B/mcp"
if [[ "$MCP_ERA" == 2026-07-28 ]]; then
    wait_for_tool_call "$URL_A" "$MCP_TOOL" "$MCP_ARGUMENTS" "$MCP_ERA"
    wait_for_tool_call "$URL_B" "$MCP_TOOL" "$MCP_ARGUMENTS" "$MCP_ERA"
    SESSION_A="" SESSION_B=""
else
    SESSION_A="$(ready_for_load "$MODE" "$URL_A" "$MCP_TOOL" "$MCP_ARGUMENTS")"
    SESSION_B="$(ready_for_load "$MODE" "$URL_B" "$MCP_TOOL" "$MCP_ARGUMENTS")"
fi

# both SECONDS OUT_A OUT_B: one wrk per server, at once.
both() {
    MCP_SESSION_ID="$SESSION_A" wrk -t 1 -c "$CONNECTIONS" -d "$1s" --latency -s "$LUA" "$URL_A" >"$2" &
    local wrk_a=$!
    MCP_SESSION_ID="$SESSION_B" wrk -t 1 -c "$CONNECTIONS" -d "$1s" --latency -s "$LUA" "$URL_B" >"$3" &
    local wrk_b=$!
    wait "$wrk_a" "$wrk_b"
}

say "java: $(java -version 2>&1 | head -n 1)"
say "mode $MODE, era $MCP_ERA, tool $MCP_TOOL, arguments $MCP_ARGUMENTS"
say "warming both up for ${WARMUP}s in $WARMUP_RUNS runs at $CONNECTIONS connections each (logs in $OUT)"
for _ in $(seq 1 "$WARMUP_RUNS"); do
    both "$((WARMUP / WARMUP_RUNS))" /dev/null /dev/null
done
hz="$(getconf CLK_TCK)"
for round in $(seq 1 "$ROUNDS"); do
    a0="$(cpu_ticks "$PID_A")"; b0="$(cpu_ticks "$PID_B")"
    both "$DURATION" "$OUT/wrk-a-$round.txt" "$OUT/wrk-b-$round.txt"
    a1="$(cpu_ticks "$PID_A")"; b1="$(cpu_ticks "$PID_B")"
    calls_a="$(awk '/ requests in / {print $1}' "$OUT/wrk-a-$round.txt")"
    calls_b="$(awk '/ requests in / {print $1}' "$OUT/wrk-b-$round.txt")"
    p99_a="$(awk '$1 == "99%" {print $2}' "$OUT/wrk-a-$round.txt")"
    p99_b="$(awk '$1 == "99%" {print $2}' "$OUT/wrk-b-$round.txt")"
    awk -v r="$round" -v hz="$hz" -v ta=$((a1 - a0)) -v tb=$((b1 - b0)) -v na="$calls_a" -v nb="$calls_b" \
        -v pa="$p99_a" -v pb="$p99_b" 'BEGIN {
            ca = ta / hz * 1e6 / na; cb = tb / hz * 1e6 / nb
            printf "round %d  A %6.1f µs/call %7d calls p99 %-8s  B %6.1f µs/call %7d calls p99 %-8s  CPU A/B %.3f\n",
                r, ca, na, pa, cb, nb, pb, ca / cb }'
done
