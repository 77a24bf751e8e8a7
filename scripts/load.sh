#!/usr/bin/env bash
# Load test: MCP tools/call over Streamable HTTP, Bulwark against a peer server serving the same tools (the bare MCP
# Java SDK by default; LOAD_PEER picks another, scripts/load/peers.sh), at several concurrencies, run alternately in
# one go and reported as ratios Bulwark / peer. Both servers run in the same HTTP mode: stateful (a session each,
# opened once) or stateless (no session). Not run by CI; see docs/performance.md for the method and the latest figures.
#
#   apt-get install -y wrk                                  # the load generator
#   mvn -q -DskipTests package                              # bootstrap/target/bulwark-server.jar
#   mvn -q -P bench -pl loadtest -am -DskipTests package                  # loadtest/target/bare-sdk-server.jar
#   scripts/load.sh                                         # LOAD_PEER=typescript or quarkus(-guarded) install or build theirs
#
# Both servers listen on 127.0.0.1 only. Each measurement is one wrk run of LOAD_DURATION seconds against one server;
# the servers take turns (the order flips every round) so drift on a shared machine hits both alike. Per run it
# records calls/s, p50 and p99 latency (wrk), failed calls (non-200 or not a successful tool result) and the server
# process's CPU time per call (utime + stime from /proc, divided by the calls). The summary shows the median of the
# rounds for each server and concurrency, and Bulwark / peer ratios. It also prints each server's resident memory
# (VmRSS) once both are ready, and again after the last run.
#
# Environment (defaults in brackets): LOAD_CONCURRENCY ["1 16 64 256"], LOAD_ROUNDS [3], LOAD_DURATION seconds [10],
# LOAD_WARMUP seconds per server [60: after 20 s the JIT was still compiling Bulwark's larger code, starved of CPU
# by the load itself, and the first rounds measured the compiler], LOAD_WARMUP_RUNS [3: the warm-up is split into
# that many wrk runs per server, the servers taking turns, because every new wrk run opens new connections and closes
# them at its end, and the first runs after a long one made C2 throw away and recompile the request path; the
# measured rounds should not pay for that], LOAD_JAVA_OPTS [-Xms512m -Xmx512m, the same for both], LOAD_RESULTS [a
# temporary directory], BULWARK_EXTRA_ARGS [none] (more flags for the Bulwark server), BULWARK_JAVA_OPTS [none] (more
# JVM options for the Bulwark server only, after LOAD_JAVA_OPTS: another logback.xml, say), BULWARK_JAR [the built jar],
# LOAD_PEER [bare-sdk; typescript: the TypeScript SDK v2 server on Node 22; quarkus: Quarkus MCP server in JVM mode,
# with LOAD_JAVA_OPTS too; quarkus-guarded: that server with Bulwark's guarantees added the Quarkus way], LOAD_MODE [stateful, or stateless: Bulwark with --http-mode stateless, each peer in its
# stateless mode (the bare SDK's stateless servlet transport)], LOAD_ERA [2025-11-25; 2026-07-28: every call a
# request of the stateless era, with no session in either mode, against a peer that speaks it], LOAD_TOOL
# [test_simple_text, a CALLER_THREAD tool in Bulwark; json_schema_2020_12_tool is a default ISOLATED one] and
# LOAD_ARGUMENTS [{}; {"email":"a@example.com"} for json_schema_2020_12_tool].
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BULWARK_JAR="${BULWARK_JAR:-$ROOT/bootstrap/target/bulwark-server.jar}"
LUA="$ROOT/scripts/load/tools-call.lua"
CONCURRENCY="${LOAD_CONCURRENCY:-1 16 64 256}"
ROUNDS="${LOAD_ROUNDS:-3}"
DURATION="${LOAD_DURATION:-10}"
WARMUP="${LOAD_WARMUP:-60}"
WARMUP_RUNS="${LOAD_WARMUP_RUNS:-3}"
MODE="${LOAD_MODE:-stateful}"
PEER="${LOAD_PEER:-bare-sdk}"
ERA="${LOAD_ERA:-2025-11-25}"
TOOL="${LOAD_TOOL:-test_simple_text}"
ARGUMENTS="${LOAD_ARGUMENTS:-}"
[[ -n "$ARGUMENTS" ]] || ARGUMENTS='{}'
read -r -a JAVA_OPTS <<<"${LOAD_JAVA_OPTS:--Xms512m -Xmx512m}"
read -r -a BULWARK_EXTRA <<<"${BULWARK_EXTRA_ARGS:-}"
read -r -a BULWARK_JVM_EXTRA <<<"${BULWARK_JAVA_OPTS:-}"
OUT="${LOAD_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/bulwark-load.XXXXXX")}"
RUNS="$OUT/runs.tsv"
CLK_TCK="$(getconf CLK_TCK)"
PIDS=()

say() { printf 'load: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

case "$MODE" in
    stateful) MODE_FLAGS=() ;;
    stateless) MODE_FLAGS=(--http-mode stateless) ;;
    *) die "LOAD_MODE must be stateful or stateless, not $MODE" ;;
esac
case "$ERA" in
    2025-11-25 | 2026-07-28) ;;
    *) die "LOAD_ERA must be 2025-11-25 or 2026-07-28, not $ERA" ;;
esac

command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
command -v curl >/dev/null || die "curl is not installed"
[[ -f "$BULWARK_JAR" ]] || die "no $BULWARK_JAR: mvn -q -DskipTests package"
mkdir -p "$OUT"

# shellcheck source=load/common.sh
source "$ROOT/scripts/load/common.sh"
# shellcheck source=load/peers.sh
source "$ROOT/scripts/load/peers.sh"
PEER_LABEL="$(peer_label "$PEER")"
peer_speaks "$PEER" "$ERA" || die "the $PEER_LABEL peer does not speak $ERA (see scripts/load/peers.sh)"
peer_prepare "$PEER" "$MODE" "$OUT/$PEER-build.log"
export MCP_ERA="$ERA"

to_micros() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); print v + 0 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); print v * 1000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000000 }
        else { print "nan" } }'
}

# run NAME URL SESSION PID CONNECTIONS SECONDS RECORD(yes|no)
run() {
    local name="$1" url="$2" session="$3" pid="$4" connections="$5" seconds="$6" record="$7"
    local threads=$((connections < 2 ? 1 : 2)) log
    log="$OUT/wrk-$name-c$5-$(date +%s%N).txt"
    local before after host_before host_after
    before="$(cpu_ticks "$pid")"
    host_before="$(host_ticks)"
    MCP_SESSION_ID="$session" MCP_TOOL="$TOOL" MCP_ARGUMENTS="$ARGUMENTS" wrk -t "$threads" -c "$connections" -d "${seconds}s" --latency -s "$LUA" "$url" >"$log"
    after="$(cpu_ticks "$pid")"
    host_after="$(host_ticks)"
    [[ "$record" == yes ]] || return 0
    local calls rps p50 p99 failed cpu_us steal
    calls="$(awk '/ requests in / {print $1}' "$log")"
    rps="$(awk '/^Requests\/sec:/ {print $2}' "$log")"
    p50="$(to_micros "$(awk '$1 == "50%" {print $2}' "$log")")"
    p99="$(to_micros "$(awk '$1 == "99%" {print $2}' "$log")")"
    failed="$(awk '/^failed_calls/ {print $2}' "$log")"
    cpu_us="$(awk -v t="$((after - before))" -v hz="$CLK_TCK" -v n="$calls" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')"
    steal="$(steal_percent "$host_before" "$host_after")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$connections" "$rps" "$p50" "$p99" "$cpu_us" "$failed" \
        "$steal" >>"$RUNS"
    say "$(printf '%-10s c=%-4s %10s calls/s  p50 %8s us  p99 %9s us  cpu %7s us/call  failed %s  steal %s%%' \
        "$name" "$connections" "$rps" "$p50" "$p99" "$cpu_us" "$failed" "$steal")"
    if [[ "$failed" != 0 ]]; then
        say "  first failure: $(awk '/^failure_sample/ {sub(/^failure_sample /, ""); print}' "$log")"
    fi
}

BULWARK_PORT="$(free_port)"
PEER_PORT="$(free_port)"
[[ "$PEER_PORT" != "$BULWARK_PORT" ]] || PEER_PORT="$(free_port)"
BULWARK_URL="http://127.0.0.1:$BULWARK_PORT/mcp"
PEER_URL="http://127.0.0.1:$PEER_PORT/mcp"

# "<VmRSS> MiB" of process $1.
rss_mib() {
    awk '$1 == "VmRSS:" {printf "%d MiB", $2 / 1024}' "/proc/$1/status"
}

# Gets the server at $1 (an /mcp URL) ready for load and prints the session id to send (none in the 2026-07-28 era).
ready() {
    if [[ "$ERA" == 2026-07-28 ]]; then
        wait_for_tool_call "$1" "$TOOL" "$ARGUMENTS" "$ERA"
    else
        ready_for_load "$MODE" "$1" "$TOOL" "$ARGUMENTS"
    fi
}

# Bulwark with its full pipeline on (BULWARK_FLAGS, scripts/load/common.sh: the limits are raised so that the checks
# run on every call but never reject one). Logs (one JSON line per call) go to a file, as they would to a log
# collector.
say "java: $(java -version 2>&1 | head -n 1) (both servers; put another JDK first on PATH to measure with it)"
say "mode $MODE, era $ERA, tool $TOOL, arguments $ARGUMENTS"
say "starting Bulwark on $BULWARK_PORT and the $PEER_LABEL server on $PEER_PORT (results in $OUT)"
java "${JAVA_OPTS[@]}" "${BULWARK_JVM_EXTRA[@]}" -jar "$BULWARK_JAR" "${BULWARK_FLAGS[@]}" "${MODE_FLAGS[@]}" \
    --port "$BULWARK_PORT" "${BULWARK_EXTRA[@]}" >"$OUT/bulwark.log" 2>&1 &
BULWARK_PID=$!
PIDS+=("$BULWARK_PID")
peer_command "$PEER" "$MODE" "$PEER_PORT" "${JAVA_OPTS[*]}"
"${PEER_COMMAND[@]}" >"$OUT/$PEER.log" 2>&1 &
PEER_PID=$!
PIDS+=("$PEER_PID")

BULWARK_SESSION="$(ready "$BULWARK_URL")"
PEER_SESSION="$(ready "$PEER_URL")"
say "resident memory once ready: Bulwark $(rss_mib "$BULWARK_PID"), $PEER_LABEL $(rss_mib "$PEER_PID")"

say "warming up each server for ${WARMUP}s, in $WARMUP_RUNS runs"
for _ in $(seq 1 "$WARMUP_RUNS"); do
    run bulwark "$BULWARK_URL" "$BULWARK_SESSION" "$BULWARK_PID" 16 "$((WARMUP / WARMUP_RUNS))" no
    run "$PEER" "$PEER_URL" "$PEER_SESSION" "$PEER_PID" 16 "$((WARMUP / WARMUP_RUNS))" no
done

printf 'server\tconnections\tcalls_per_s\tp50_us\tp99_us\tcpu_us_per_call\tfailed\tsteal_percent\n' >"$RUNS"
for connections in $CONCURRENCY; do
    for round in $(seq 1 "$ROUNDS"); do
        if ((round % 2 == 1)); then
            run bulwark "$BULWARK_URL" "$BULWARK_SESSION" "$BULWARK_PID" "$connections" "$DURATION" yes
            run "$PEER" "$PEER_URL" "$PEER_SESSION" "$PEER_PID" "$connections" "$DURATION" yes
        else
            run "$PEER" "$PEER_URL" "$PEER_SESSION" "$PEER_PID" "$connections" "$DURATION" yes
            run bulwark "$BULWARK_URL" "$BULWARK_SESSION" "$BULWARK_PID" "$connections" "$DURATION" yes
        fi
    done
done

say "resident memory after the runs: Bulwark $(rss_mib "$BULWARK_PID"), $PEER_LABEL $(rss_mib "$PEER_PID")"

# Medians per server and concurrency, then the ratios the targets are written in.
awk -F'\t' -v peer="$PEER" -v label="$PEER_LABEL" '
function median(list,    n, i, j, a, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
NR > 1 {
    key = $1 SUBSEP $2
    rps[key] = rps[key] " " $3; p50[key] = p50[key] " " $4; p99[key] = p99[key] " " $5; cpu[key] = cpu[key] " " $6
    failed[key] += $7
    if (!($2 in seen)) { seen[$2] = 1; order[++count] = $2 }
}
END {
    printf "| connections | Bulwark calls/s | %s calls/s | ratio | Bulwark p50 / p99 (µs) | %s p50 / p99 (µs) | p99 ratio | Bulwark CPU µs/call | %s CPU µs/call | CPU ratio | failed calls |\n", label, label, label
    printf "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    for (i = 1; i <= count; i++) {
        c = order[i]; b = "bulwark" SUBSEP c; s = peer SUBSEP c
        br = median(rps[b]); sr = median(rps[s]); bp50 = median(p50[b]); sp50 = median(p50[s])
        bp99 = median(p99[b]); sp99 = median(p99[s]); bc = median(cpu[b]); sc = median(cpu[s])
        printf "| %d | %.0f | %.0f | %.2f | %.0f / %.0f | %.0f / %.0f | %.2f | %.1f | %.1f | %.2f | %d / %d |\n",
            c, br, sr, br / sr, bp50, bp99, sp50, sp99, bp99 / sp99, bc, sc, bc / sc, failed[b], failed[s]
    }
}' "$RUNS" | tee "$OUT/summary.md"

# The same ratios round by round: in each round the two servers ran back to back, so a round's ratio is the least
# disturbed by drift on a shared machine. How many rounds meet each target (throughput >= 1.0, CPU per call <= 1.0,
# p99 <= 1.1) says whether a median is met with room or only on one side of the noise.
awk -F'\t' -v peer="$PEER" '
NR > 1 {
    n = ++runs[$1 SUBSEP $2]
    rps[$1, $2, n] = $3; p99[$1, $2, n] = $5; cpu[$1, $2, n] = $6
    if (!($2 in seen)) { seen[$2] = 1; order[++count] = $2 }
}
END {
    printf "\n| connections | throughput ratio per round | CPU ratio per round | p99 ratio per round | rounds meeting the targets (throughput / CPU / p99) |\n"
    printf "|---:|---|---|---|---|\n"
    for (i = 1; i <= count; i++) {
        c = order[i]; n = runs["bulwark", c]; if (runs[peer, c] < n) n = runs[peer, c]
        t = ""; u = ""; q = ""; mt = 0; mu = 0; mq = 0
        for (r = 1; r <= n; r++) {
            tr = rps["bulwark", c, r] / rps[peer, c, r]
            ur = cpu["bulwark", c, r] / cpu[peer, c, r]
            qr = p99["bulwark", c, r] / p99[peer, c, r]
            t = t sprintf("%s%.2f", r > 1 ? " " : "", tr); mt += tr >= 1.0
            u = u sprintf("%s%.2f", r > 1 ? " " : "", ur); mu += ur <= 1.0
            q = q sprintf("%s%.2f", r > 1 ? " " : "", qr); mq += qr <= 1.1
        }
        printf "| %d | %s | %s | %s | %d / %d / %d of %d |\n", c, t, u, q, mt, mu, mq, n
    }
}' "$RUNS" | tee -a "$OUT/summary.md"
say "every run: $RUNS; server logs: $OUT/bulwark.log, $OUT/$PEER.log"
