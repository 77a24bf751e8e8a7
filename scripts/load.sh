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
# with LOAD_JAVA_OPTS too; quarkus-guarded: that server with Bulwark's guarantees added the Quarkus way;
# upstream-direct: a second Bulwark, the same jar and flags], LOAD_MODE [stateful, or stateless: Bulwark with --http-mode stateless, each peer in its
# stateless mode (the bare SDK's stateless servlet transport)], LOAD_ERA [2025-11-25; 2026-07-28: every call a
# request of the stateless era, with no session in either mode, against a peer that speaks it], LOAD_TOOL
# [test_simple_text, a CALLER_THREAD tool in Bulwark; json_schema_2020_12_tool is a default ISOLATED one] and
# LOAD_ARGUMENTS [{}; {"email":"a@example.com"} for json_schema_2020_12_tool].
#
# LOAD_TARGET [bulwark; gateway: the server jar as a gateway, an `upstreams` section with one HTTP upstream and
# `prefix: none`, fronting the LOAD_PEER=upstream-direct server (a second Bulwark), measured against that same upstream
# called directly]. Then the gateway's runs also read the upstream's CPU, and the summary adds the pair's CPU per
# call (gateway + upstream) and the p50, each as a ratio to the upstream called directly (docs/performance.md, "The
# gateway"):
#
#   LOAD_TARGET=gateway LOAD_PEER=upstream-direct LOAD_CONCURRENCY="16 64" LOAD_ROUNDS=5 scripts/load.sh
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
TARGET="${LOAD_TARGET:-bulwark}"
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
case "$TARGET" in
    bulwark) TARGET_LABEL=Bulwark ;;
    gateway)
        TARGET_LABEL=gateway
        [[ "$PEER" == upstream-direct ]] || die "LOAD_TARGET=gateway measures against LOAD_PEER=upstream-direct, not $PEER"
        ;;
    *) die "LOAD_TARGET must be bulwark or gateway, not $TARGET" ;;
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

to_micros() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); print v + 0 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); print v * 1000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000000 }
        else { print "nan" } }'
}

# run NAME URL SESSION PID CONNECTIONS SECONDS RECORD(yes|no) [PAIR_PID: a process whose CPU counts with PID's for
# the pair's CPU per call, the upstream behind a gateway]
run() {
    local name="$1" url="$2" session="$3" pid="$4" connections="$5" seconds="$6" record="$7" pair_pid="${8:-}"
    local threads=$((connections < 2 ? 1 : 2)) log
    log="$OUT/wrk-$name-c$5-$(date +%s%N).txt"
    local before after host_before host_after pair_before=0 pair_after=0
    before="$(cpu_ticks "$pid")"
    [[ -z "$pair_pid" ]] || pair_before="$(cpu_ticks "$pair_pid")"
    host_before="$(host_ticks)"
    MCP_SESSION_ID="$session" MCP_TOOL="$TOOL" MCP_ARGUMENTS="$ARGUMENTS" MCP_ERA="$ERA" wrk -t "$threads" -c "$connections" -d "${seconds}s" --latency -s "$LUA" "$url" >"$log"
    after="$(cpu_ticks "$pid")"
    [[ -z "$pair_pid" ]] || pair_after="$(cpu_ticks "$pair_pid")"
    host_after="$(host_ticks)"
    [[ "$record" == yes ]] || return 0
    local calls rps p50 p99 failed cpu_us pair_us steal
    calls="$(awk '/ requests in / {print $1}' "$log")"
    rps="$(awk '/^Requests\/sec:/ {print $2}' "$log")"
    p50="$(to_micros "$(awk '$1 == "50%" {print $2}' "$log")")"
    p99="$(to_micros "$(awk '$1 == "99%" {print $2}' "$log")")"
    failed="$(awk '/^failed_calls/ {print $2}' "$log")"
    cpu_us="$(awk -v t="$((after - before))" -v hz="$CLK_TCK" -v n="$calls" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')"
    pair_us="$(awk -v t="$((after - before + pair_after - pair_before))" -v hz="$CLK_TCK" -v n="$calls" \
        'BEGIN {printf "%.1f", t / hz * 1e6 / n}')"
    steal="$(steal_percent "$host_before" "$host_after")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$connections" "$rps" "$p50" "$p99" "$cpu_us" "$failed" \
        "$steal" "$pair_us" >>"$RUNS"
    say "$(printf '%-10s c=%-4s %10s calls/s  p50 %8s us  p99 %9s us  cpu %7s us/call  failed %s  steal %s%%' \
        "$name" "$connections" "$rps" "$p50" "$p99" "$cpu_us" "$failed" "$steal")${pair_pid:+  with the upstream $pair_us us/call}"
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
say "starting $TARGET_LABEL on $BULWARK_PORT and the $PEER_LABEL server on $PEER_PORT (results in $OUT)"
peer_command "$PEER" "$MODE" "$PEER_PORT" "${JAVA_OPTS[*]}"
"${PEER_COMMAND[@]}" >"$OUT/$PEER.log" 2>&1 &
PEER_PID=$!
PIDS+=("$PEER_PID")
# The peer is ready first: a gateway then finds its upstream at its start.
PEER_SESSION="$(ready "$PEER_URL")"
TARGET_FLAGS=("${BULWARK_FLAGS[@]}")
PAIR_PID=""
if [[ "$TARGET" == gateway ]]; then
    # The gateway serves the measured tools of the upstream only, under their own names; its bounds on the upstream
    # are raised like the pipeline's limits, so that they run on every call and never refuse one.
    cat >"$OUT/gateway.yaml" <<YAML
upstreams:
  upstream:
    transport: http
    url: $PEER_URL
    prefix: none
    allow: [test_simple_text, json_schema_2020_12_tool]
    max-concurrency: 10000
YAML
    TARGET_FLAGS=()
    for flag in "${BULWARK_FLAGS[@]}"; do
        [[ "$flag" == --conformance-tools ]] || TARGET_FLAGS+=("$flag")
    done
    TARGET_FLAGS+=(--config "$OUT/gateway.yaml")
    PAIR_PID="$PEER_PID"
fi
java "${JAVA_OPTS[@]}" "${BULWARK_JVM_EXTRA[@]}" -jar "$BULWARK_JAR" "${TARGET_FLAGS[@]}" "${MODE_FLAGS[@]}" \
    --port "$BULWARK_PORT" "${BULWARK_EXTRA[@]}" >"$OUT/bulwark.log" 2>&1 &
BULWARK_PID=$!
PIDS+=("$BULWARK_PID")

BULWARK_SESSION="$(ready "$BULWARK_URL")"
say "resident memory once ready: $TARGET_LABEL $(rss_mib "$BULWARK_PID"), $PEER_LABEL $(rss_mib "$PEER_PID")"

say "warming up each server for ${WARMUP}s, in $WARMUP_RUNS runs"
for _ in $(seq 1 "$WARMUP_RUNS"); do
    run "$TARGET" "$BULWARK_URL" "$BULWARK_SESSION" "$BULWARK_PID" 16 "$((WARMUP / WARMUP_RUNS))" no "$PAIR_PID"
    run "$PEER" "$PEER_URL" "$PEER_SESSION" "$PEER_PID" 16 "$((WARMUP / WARMUP_RUNS))" no
done

printf 'server\tconnections\tcalls_per_s\tp50_us\tp99_us\tcpu_us_per_call\tfailed\tsteal_percent\tpair_cpu_us_per_call\n' >"$RUNS"
for connections in $CONCURRENCY; do
    for round in $(seq 1 "$ROUNDS"); do
        if ((round % 2 == 1)); then
            run "$TARGET" "$BULWARK_URL" "$BULWARK_SESSION" "$BULWARK_PID" "$connections" "$DURATION" yes "$PAIR_PID"
            run "$PEER" "$PEER_URL" "$PEER_SESSION" "$PEER_PID" "$connections" "$DURATION" yes
        else
            run "$PEER" "$PEER_URL" "$PEER_SESSION" "$PEER_PID" "$connections" "$DURATION" yes
            run "$TARGET" "$BULWARK_URL" "$BULWARK_SESSION" "$BULWARK_PID" "$connections" "$DURATION" yes "$PAIR_PID"
        fi
    done
done

say "resident memory after the runs: $TARGET_LABEL $(rss_mib "$BULWARK_PID"), $PEER_LABEL $(rss_mib "$PEER_PID")"

# Medians per server and concurrency, then the ratios the targets are written in.
awk -F'\t' -v target="$TARGET" -v tlabel="$TARGET_LABEL" -v peer="$PEER" -v label="$PEER_LABEL" '
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
    printf "| connections | %s calls/s | %s calls/s | ratio | %s p50 / p99 (µs) | %s p50 / p99 (µs) | p99 ratio | %s CPU µs/call | %s CPU µs/call | CPU ratio | failed calls |\n", tlabel, label, tlabel, label, tlabel, label
    printf "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    for (i = 1; i <= count; i++) {
        c = order[i]; b = target SUBSEP c; s = peer SUBSEP c
        br = median(rps[b]); sr = median(rps[s]); bp50 = median(p50[b]); sp50 = median(p50[s])
        bp99 = median(p99[b]); sp99 = median(p99[s]); bc = median(cpu[b]); sc = median(cpu[s])
        printf "| %d | %.0f | %.0f | %.2f | %.0f / %.0f | %.0f / %.0f | %.2f | %.1f | %.1f | %.2f | %d / %d |\n",
            c, br, sr, br / sr, bp50, bp99, sp50, sp99, bp99 / sp99, bc, sc, bc / sc, failed[b], failed[s]
    }
}' "$RUNS" | tee "$OUT/summary.md"

# The same ratios round by round: in each round the two servers ran back to back, so a round's ratio is the least
# disturbed by drift on a shared machine. How many rounds meet each target (throughput >= 1.0, CPU per call <= 1.0,
# p99 <= 1.1) says whether a median is met with room or only on one side of the noise.
awk -F'\t' -v target="$TARGET" -v peer="$PEER" '
NR > 1 {
    n = ++runs[$1 SUBSEP $2]
    rps[$1, $2, n] = $3; p99[$1, $2, n] = $5; cpu[$1, $2, n] = $6
    if (!($2 in seen)) { seen[$2] = 1; order[++count] = $2 }
}
END {
    printf "\n| connections | throughput ratio per round | CPU ratio per round | p99 ratio per round | rounds meeting the targets (throughput / CPU / p99) |\n"
    printf "|---:|---|---|---|---|\n"
    for (i = 1; i <= count; i++) {
        c = order[i]; n = runs[target, c]; if (runs[peer, c] < n) n = runs[peer, c]
        t = ""; u = ""; q = ""; mt = 0; mu = 0; mq = 0
        for (r = 1; r <= n; r++) {
            tr = rps[target, c, r] / rps[peer, c, r]
            ur = cpu[target, c, r] / cpu[peer, c, r]
            qr = p99[target, c, r] / p99[peer, c, r]
            t = t sprintf("%s%.2f", r > 1 ? " " : "", tr); mt += tr >= 1.0
            u = u sprintf("%s%.2f", r > 1 ? " " : "", ur); mu += ur <= 1.0
            q = q sprintf("%s%.2f", r > 1 ? " " : "", qr); mq += qr <= 1.1
        }
        printf "| %d | %s | %s | %s | %d / %d / %d of %d |\n", c, t, u, q, mt, mu, mq, n
    }
}' "$RUNS" | tee -a "$OUT/summary.md"

# Behind a gateway, what the targets of docs/performance.md ("The gateway") are written in, round by round: the
# gateway's CPU per call (<= 1.5), the pair's, gateway + upstream (<= 2.5), p50 (<= 2.5) and p99 (<= 3.0), each
# divided by the upstream's called directly in the same round; then the medians of those ratios.
if [[ "$TARGET" == gateway ]]; then
    awk -F'\t' -v peer="$PEER" '
function median(list,    n, i, j, a, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
NR > 1 {
    n = ++runs[$1 SUBSEP $2]
    p50[$1, $2, n] = $4; p99[$1, $2, n] = $5; cpu[$1, $2, n] = $6; pair[$1, $2, n] = $9
    if (!($2 in seen)) { seen[$2] = 1; order[++count] = $2 }
}
END {
    printf "\n| connections | gateway CPU ratio per round | pair CPU ratio per round | p50 ratio per round | p99 ratio per round | medians (gateway CPU / pair CPU / p50 / p99) | rounds meeting the targets |\n"
    printf "|---:|---|---|---|---|---|---|\n"
    for (i = 1; i <= count; i++) {
        c = order[i]; n = runs["gateway", c]; if (runs[peer, c] < n) n = runs[peer, c]
        g = ""; q = ""; l = ""; h = ""; lg = ""; lq = ""; ll = ""; lh = ""; met = 0
        for (r = 1; r <= n; r++) {
            gr = cpu["gateway", c, r] / cpu[peer, c, r]; qr = pair["gateway", c, r] / cpu[peer, c, r]
            lr = p50["gateway", c, r] / p50[peer, c, r]; hr = p99["gateway", c, r] / p99[peer, c, r]
            sep = r > 1 ? " " : ""
            g = g sprintf("%s%.2f", sep, gr); q = q sprintf("%s%.2f", sep, qr)
            l = l sprintf("%s%.2f", sep, lr); h = h sprintf("%s%.2f", sep, hr)
            lg = lg " " gr; lq = lq " " qr; ll = ll " " lr; lh = lh " " hr
            met += gr <= 1.5 && qr <= 2.5 && lr <= 2.5 && hr <= 3.0
        }
        printf "| %d | %s | %s | %s | %s | %.2f / %.2f / %.2f / %.2f | %d of %d |\n", c, g, q, l, h,
            median(lg), median(lq), median(ll), median(lh), met, n
    }
}' "$RUNS" | tee -a "$OUT/summary.md"
fi
say "every run: $RUNS; server logs: $OUT/bulwark.log, $OUT/$PEER.log"
