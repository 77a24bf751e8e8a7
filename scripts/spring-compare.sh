#!/usr/bin/env bash
# Bulwark's Spring Boot starter against Spring AI's MCP server starter, in the same application: samples/spring-boot-app
# and its twin samples/spring-ai-twin (Spring AI 2.0.1), both on Spring Boot 4.0.7 with Spring MVC on Tomcat, both
# serving the tools order_status and cancel_order over stateless Streamable HTTP at /mcp on the application's port.
# Not run by CI; docs/spring-boot.md has the method and the latest figures.
#
#   apt-get install -y wrk           # the load generator
#   scripts/spring-compare.sh        # builds both (the sample through the reactor, never installed), then measures
#
# What it reports:
# - the libraries (jars and MiB) each MCP starter adds to a plain Spring MVC application
#   (samples/spring-ai-twin/webmvc-baseline), compared by file name;
# - per round and application: the wall time from the JVM's start to the first successful tools/call, resident memory
#   (VmRSS) then, calls/s and CPU time per call (utime + stime from /proc, divided by the calls) of one wrk run of
#   stateless tools/call order_status at 16 connections after a warm-up run, and resident memory after it.
# Each round starts both applications afresh, one after the other, the order flipping every round so drift on a
# shared machine hits both alike. The summary gives the medians and the ratios Bulwark / Spring AI.
#
# The Bulwark sample has no runnable jar and no web server of its own (its tests need none): it runs from its classes,
# its runtime libraries and the baseline's Spring MVC. The twin runs from its classes and libraries the same way, with
# java -cp, so neither pays for a nested jar. Bulwark runs with its checks on but none refusing a call:
# bulwark.auth.mode=off (the twin has no authentication), the rate limit and the concurrency limits raised; its audit
# line per call goes to the log file, as it would to a log collector.
#
# Environment (defaults in brackets): COMPARE_ROUNDS [5], COMPARE_WARMUP seconds of load before each measured run
# [40], COMPARE_DURATION seconds of the measured run [20], COMPARE_JAVA_OPTS [-Xmx512m, the same for both],
# COMPARE_RESULTS [a temporary directory], COMPARE_SKIP_BUILD [unset; 1 measures what was built last time].
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS="${COMPARE_ROUNDS:-5}"
WARMUP="${COMPARE_WARMUP:-40}"
DURATION="${COMPARE_DURATION:-20}"
CONNECTIONS=16
read -r -a JAVA_OPTS <<<"${COMPARE_JAVA_OPTS:--Xmx512m}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
OUT="${COMPARE_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/bulwark-spring-compare.XXXXXX")}"
SAMPLE_DIR="$ROOT/samples/spring-boot-app"
TWIN_DIR="$ROOT/samples/spring-ai-twin"
LUA="$ROOT/scripts/load/tools-call.lua"
TOOL=order_status
ARGUMENTS='{"orderId":"A-1"}'
RUNS="$OUT/runs.tsv"
CLK_TCK="$(getconf CLK_TCK)"
PIDS=()

say() { printf 'spring-compare: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
command -v curl >/dev/null || die "curl is not installed"
mkdir -p "$OUT"
# shellcheck source=load/common.sh
source "$ROOT/scripts/load/common.sh"

# Prints the class path in file $1 (as dependency:build-classpath writes it) one entry a line.
entries() {
    { tr ':' '\n' <"$1" && echo; } | sed '/^$/d'
}

if [[ -z "${COMPARE_SKIP_BUILD:-}" ]]; then
    say "building samples/spring-boot-app through the reactor (log: $OUT/build.log)"
    # The sample comes last in the reactor's order (every other module built is one it needs), so its runtime class
    # path is the file's last writer. Reactor modules resolve to the jars just packaged, not to ~/.m2.
    (cd "$ROOT" && mvn -q -pl samples/spring-boot-app -am -DskipTests -Djacoco.skip=true package \
        dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$OUT/bulwark.classpath") \
        >"$OUT/build.log" 2>&1 || die "the reactor build failed (see $OUT/build.log)"
    # The sample declares the MCP Java SDK for its tests only, which hides from its runtime class path the SDK that
    # the starter brings to an application declaring just the starter: its test class path gives those jars back.
    # Through the reactor too: the sample imports bulwark-bom, which is never installed.
    (cd "$ROOT" && mvn -q -pl samples/spring-boot-app -am -DskipTests -Djacoco.skip=true package \
        dependency:build-classpath -DincludeScope=test -Dmdep.outputFile="$OUT/sample-test.classpath") \
        >>"$OUT/build.log" 2>&1 || die "the sample's test class path did not resolve (see $OUT/build.log)"
    say "building samples/spring-ai-twin and the plain Spring MVC baseline"
    mvn -q -f "$TWIN_DIR/pom.xml" package dependency:build-classpath -DincludeScope=runtime \
        -Dmdep.outputFile="$OUT/spring-ai.classpath" >>"$OUT/build.log" 2>&1 \
        || die "the Spring AI twin did not build (see $OUT/build.log)"
    mvn -q -f "$TWIN_DIR/webmvc-baseline/pom.xml" dependency:build-classpath -DincludeScope=runtime \
        -Dmdep.outputFile="$OUT/webmvc.classpath" >>"$OUT/build.log" 2>&1 \
        || die "the Spring MVC baseline did not resolve (see $OUT/build.log)"
fi
for file in bulwark sample-test spring-ai webmvc; do
    [[ -s "$OUT/$file.classpath" ]] || die "no $OUT/$file.classpath: run without COMPARE_SKIP_BUILD"
done

# The Bulwark application's libraries: the sample's, the MCP Java SDK's that these lack, then the baseline's that it does
# not have (by file name), behind its classes. Each jar once, so none is counted twice.
{
    cat "$OUT/bulwark.classpath"
    while read -r jar; do
        entries "$OUT/bulwark.classpath" | grep -q "/$(basename "$jar")$" || printf ':%s' "$jar"
    done < <(entries "$OUT/sample-test.classpath" \
        | grep -E '/(io/modelcontextprotocol|io/projectreactor|org/reactivestreams)/')
} >"$OUT/bulwark-app.classpath"
BULWARK_CP="$SAMPLE_DIR/target/classes"
while read -r jar; do BULWARK_CP+=":$jar"; done < <(entries "$OUT/bulwark-app.classpath")
while read -r jar; do
    entries "$OUT/bulwark-app.classpath" | grep -q "/$(basename "$jar")$" || BULWARK_CP+=":$jar"
done < <(entries "$OUT/webmvc.classpath")
SPRING_AI_CP="$TWIN_DIR/target/classes:$(cat "$OUT/spring-ai.classpath")"

# Prints "<jars> <MiB>" of the entries of class path file $1 whose file names the baseline does not have, and lists
# them in $OUT/added-<name $2>.txt.
added() {
    local jar bytes=0 count=0
    : >"$OUT/added-$2.txt"
    while read -r jar; do
        entries "$OUT/webmvc.classpath" | grep -q "/$(basename "$jar")$" && continue
        count=$((count + 1))
        bytes=$((bytes + $(stat -c %s "$jar")))
        basename "$jar" >>"$OUT/added-$2.txt"
    done < <(entries "$1")
    awk -v n="$count" -v b="$bytes" 'BEGIN {printf "%d %.1f", n, b / 1048576}'
}
read -r BULWARK_JARS BULWARK_MIB <<<"$(added "$OUT/bulwark-app.classpath" bulwark)"
read -r SPRING_AI_JARS SPRING_AI_MIB <<<"$(added "$OUT/spring-ai.classpath" spring-ai)"
BASELINE_JARS="$(entries "$OUT/webmvc.classpath" | wc -l)"
say "java: $("$JAVA" -version 2>&1 | head -n 1); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "a plain Spring MVC application has $BASELINE_JARS jars; Bulwark's starter adds $BULWARK_JARS jars," \
    "$BULWARK_MIB MiB ($OUT/added-bulwark.txt); Spring AI's adds $SPRING_AI_JARS jars, $SPRING_AI_MIB MiB" \
    "($OUT/added-spring-ai.txt)"

# Prints the VmRSS of process $1 in MiB.
rss_mib() {
    awk '$1 == "VmRSS:" {printf "%d", $2 / 1024}' "/proc/$1/status"
}

# Succeeds once the application at $1 (an /mcp URL) answers a stateless tools/call with a tool result.
called() {
    curl -fsS -m 5 -X POST "$1" -H 'Content-Type: application/json' \
        -H 'Accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: 2025-06-18' \
        -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"'"$TOOL"'","arguments":'"$ARGUMENTS"'}}' \
        2>/dev/null | grep -q '"isError":false'
}

# Runs wrk at $CONNECTIONS connections for $3 seconds against $2 (an /mcp URL) and prints "<calls> <calls/s> <failed>";
# the output goes to $OUT/wrk-<name $1>-<time>.txt.
load() {
    local log
    log="$OUT/wrk-$1-$(date +%s%N).txt"
    MCP_SESSION_ID="" MCP_TOOL="$TOOL" MCP_ARGUMENTS="$ARGUMENTS" MCP_ERA=2025-11-25 \
        wrk -t 2 -c "$CONNECTIONS" -d "${3}s" -s "$LUA" "$2" >"$log"
    awk '/ requests in / {calls = $1} /^Requests\/sec:/ {rps = $2} /^failed_calls/ {failed = $2}
        END {print calls, rps, failed}' "$log"
}

# One measurement of application $1 (bulwark or spring-ai) in round $2: start, first call, warm-up, measured run, stop.
measure() {
    local name="$1" round="$2" port url start pid ready_ms rss_ready before after calls rps failed cpu_us rss_after
    local command=("$JAVA" "${JAVA_OPTS[@]}")
    if [[ "$name" == bulwark ]]; then
        command+=(-cp "$BULWARK_CP" dev.bulwark.samples.spring.OrdersApplication --bulwark.transport=web
            --bulwark.auth.mode=off --bulwark.rate-limit.per-minute=1000000000
            --bulwark.limits.max-concurrent-calls=4096 --bulwark.limits.max-concurrent-calls-per-tool=4096)
    else
        command+=(-cp "$SPRING_AI_CP" dev.bulwark.samples.springai.OrdersApplication)
    fi
    command+=(--server.address=127.0.0.1)
    # On a shared host another process may take the free port before the application binds it: start again on another.
    for attempt in 1 2 3; do
        port="$(free_port)"
        url="http://127.0.0.1:$port/mcp"
        start="$(date +%s%N)"
        "${command[@]}" "--server.port=$port" >"$OUT/$name-$round.log" 2>&1 &
        pid=$!
        PIDS+=("$pid")
        until called "$url"; do
            kill -0 "$pid" 2>/dev/null || break
            (($(date +%s%N) - start < 180000000000)) || die "$name did not answer in 3 minutes (see $OUT/$name-$round.log)"
            sleep 0.02
        done
        kill -0 "$pid" 2>/dev/null && break
        PIDS=()
        if ! grep -q "Port $port was already in use" "$OUT/$name-$round.log" || ((attempt == 3)); then
            die "$name ended before answering (see $OUT/$name-$round.log)"
        fi
        say "port $port was taken before $name bound it; starting it again on another"
    done
    ready_ms=$((($(date +%s%N) - start) / 1000000))
    rss_ready="$(rss_mib "$pid")"
    load "$name" "$url" "$WARMUP" >/dev/null
    before="$(cpu_ticks "$pid")"
    read -r calls rps failed <<<"$(load "$name" "$url" "$DURATION")"
    after="$(cpu_ticks "$pid")"
    rss_after="$(rss_mib "$pid")"
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
    PIDS=()
    cpu_us="$(awk -v t="$((after - before))" -v hz="$CLK_TCK" -v n="$calls" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$ready_ms" "$rss_ready" "$rss_after" "$rps" "$cpu_us" \
        "$failed" >>"$RUNS"
    say "$(printf 'round %s %-9s first call %6s ms  RSS ready %4s MiB  after load %4s MiB  %8s calls/s  cpu %7s us/call  failed %s' \
        "$round" "$name" "$ready_ms" "$rss_ready" "$rss_after" "$rps" "$cpu_us" "$failed")"
    [[ "$failed" == 0 ]] || say "  first failure: $(awk '/^failure_sample/' "$OUT"/wrk-"$name"-*.txt | tail -n 1)"
}

say "$ROUNDS rounds; each application started afresh, then ${WARMUP}s of load, then ${DURATION}s measured," \
    "c=$CONNECTIONS, JVM options ${JAVA_OPTS[*]} (results in $OUT)"
printf 'round\tapplication\tfirst_call_ms\trss_ready_mib\trss_after_mib\tcalls_per_s\tcpu_us_per_call\tfailed\n' >"$RUNS"
for round in $(seq 1 "$ROUNDS"); do
    if ((round % 2 == 1)); then
        measure bulwark "$round"
        measure spring-ai "$round"
    else
        measure spring-ai "$round"
        measure bulwark "$round"
    fi
done

awk -F'\t' -v bj="$BULWARK_JARS" -v bm="$BULWARK_MIB" -v sj="$SPRING_AI_JARS" -v sm="$SPRING_AI_MIB" '
function median(list,    n, i, j, a, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
NR > 1 {
    for (f = 3; f <= 7; f++) v[$2, f] = v[$2, f] " " $f
    failed[$2] += $8
    # Ratios round by round: the two ran back to back.
    if ($2 == "bulwark") for (f = 3; f <= 7; f++) b[$1, f] = $f
    else for (f = 3; f <= 7; f++) s[$1, f] = $f
    rounds = $1 > rounds ? $1 : rounds
}
END {
    split("x|x|first call (ms)|resident memory once ready (MiB)|resident memory after load (MiB)|calls/s at c=16|CPU per call (µs)", name, "|")
    printf "| figure | Bulwark | Spring AI | Bulwark / Spring AI | ratio per round |\n|---|---:|---:|---:|---|\n"
    printf "| jars the starter adds | %d | %d | %.2f | |\n", bj, sj, bj / sj
    printf "| MiB the starter adds | %.1f | %.1f | %.2f | |\n", bm, sm, bm / sm
    for (f = 3; f <= 7; f++) {
        mb = median(v["bulwark", f]); ms = median(v["spring-ai", f]); per = ""
        for (r = 1; r <= rounds; r++) per = per sprintf("%s%.2f", r > 1 ? " " : "", b[r, f] / s[r, f])
        printf "| %s | %s | %s | %.2f | %s |\n", name[f], mb, ms, mb / ms, per
    }
    printf "| failed calls | %d | %d | | |\n", failed["bulwark"], failed["spring-ai"]
}' "$RUNS" | tee "$OUT/summary.md"
say "every run: $RUNS; logs: $OUT/*.log"
