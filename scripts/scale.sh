#!/usr/bin/env bash
# Bulwark at the scale MCP servers run, on one instance (Linux): the scale driver (ScaleLoad, loadtest module)
# against servers this script starts, one part after the other. Not run by CI; see docs/performance.md.
#
#   mvn -q -o -P bench -pl loadtest,bootstrap -am -DskipTests -Dbulwark.cds.skip=true package
#   mvn -q -o -pl benchmarks -am package -DskipTests -Dbulwark.cds.skip=true dependency:build-classpath \
#       -Dmdep.outputFile=cp.txt                                   # for the tools-list and large-result parts
#   scripts/scale.sh
#
# Parts (SCALE_PARTS, default all four):
#   sessions      Bulwark started by its launcher as shipped (-Xmx256m, SerialGC); up to SCALE_SESSIONS [10000]
#                 stateful 2025-11-25 sessions, each with its GET event stream open; heap after a full collection
#                 and RSS per idle session and per stream; p50/p99/p99.9 of calls on SCALE_ACTIVE [4] other sessions at
#                 each step of SCALE_STEPS [0,1000,SCALE_SESSIONS] idle sessions
#   stateless     Bulwark by its launcher, --http-mode stateless; SCALE_CONCURRENCY [1000] connections each calling
#                 in the 2026-07-28 era: calls/s, p50/p99, errors
#   tools-list    ManyToolsServer (benchmarks) with SCALE_TOOLS [1000] tools: tools/list in both eras, the bytes the
#                 server allocates per list, and its heap's high-water mark while 64 clients list at once
#   large-result  the same server: a tool answering SCALE_RESULT_BYTES [1048576] characters, both eras
# SCALE_SECONDS [10] measured per step, SCALE_WARMUP [20] before, SCALE_FIGURES [none] a file the driver appends
# name<TAB>value lines to, SCALE_RESULTS [a temporary directory] for the server logs.
#
# Shipped settings that refuse this scale are raised, and each one raised is printed (none silently): the rate
# limit (100 calls a minute per caller and tool) for every part, http.max-sessions (1000) and http.max-connections
# (1000) when the sessions or connections exceed them. The per-address caps (100 sessions, 100 connections) stay as
# shipped: the driver spreads its connections over loopback addresses (127.1.x.y and up), 50 on each, as distinct
# clients would come. The process's open-file limit must hold a descriptor per connection on both sides.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LAUNCHER="${BULWARK_LAUNCHER_PATH:-$ROOT/bootstrap/target/bulwark}"
LOADTEST_JAR="$ROOT/loadtest/target/bare-sdk-server.jar"
BENCH_JAR="$ROOT/benchmarks/target/bulwark-benchmarks-0.1.0-SNAPSHOT.jar"
BENCH_CP="$ROOT/benchmarks/cp.txt"
PARTS="${SCALE_PARTS:-sessions stateless tools-list large-result}"
SESSIONS="${SCALE_SESSIONS:-10000}"
ACTIVE="${SCALE_ACTIVE:-4}"
STEPS="${SCALE_STEPS:-0,1000,$SESSIONS}"
CONCURRENCY="${SCALE_CONCURRENCY:-1000}"
TOOLS="${SCALE_TOOLS:-1000}"
RESULT_BYTES="${SCALE_RESULT_BYTES:-1048576}"
SECONDS_MEASURED="${SCALE_SECONDS:-10}"
WARMUP="${SCALE_WARMUP:-20}"
OUT="${SCALE_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/bulwark-scale.XXXXXX")}"
SHIPPED_MAX_SESSIONS=1000
SHIPPED_MAX_CONNECTIONS=1000
SHIPPED_MAX_CALLS=64
SHIPPED_MAX_CALLS_PER_TOOL=16
PIDS=()

say() { printf 'scale: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ -x "$LAUNCHER" ]] || die "no $LAUNCHER: build bootstrap (see the header of this script)"
[[ -f "$LOADTEST_JAR" ]] || die "no $LOADTEST_JAR: build loadtest (see the header of this script)"
mkdir -p "$OUT"
FIGURES=()
[[ -n "${SCALE_FIGURES:-}" ]] && FIGURES=(--figures "$SCALE_FIGURES")

# source "$ROOT/scripts/load/common.sh" needs OUT and die; it gives free_port.
# shellcheck source=load/common.sh
source "$ROOT/scripts/load/common.sh"

# Each connection is a descriptor in the driver and one in the server (both inherit this shell's limit).
need_descriptors() {
    local need=$(($1 + 512)) limit
    limit="$(ulimit -n)"
    if [[ "$limit" != unlimited && "$limit" -lt "$need" ]]; then
        ulimit -n "$need" 2>/dev/null || die "ulimit -n is $limit; $need open files are needed (raise the hard limit)"
        say "raised the open-file limit from $limit to $need"
    fi
}

# Waits for the server at $1 (an /mcp URL) to answer, or for process $2 to end.
wait_ready() {
    for _ in $(seq 1 240); do
        kill -0 "$2" 2>/dev/null || die "the server ended before answering (see $OUT)"
        [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "${1%/mcp}/health" 2>/dev/null)" != 000 ]] && return
        sleep 0.25
    done
    die "no answer from $1"
}

# start_bulwark NAME FLAGS...: Bulwark by its launcher as shipped, with FLAGS; sets SERVER_PID and SERVER_URL.
start_bulwark() {
    local name="$1" port
    shift
    port="$(free_port)"
    say "starting $name: bulwark --http --port $port --management-port 0 $*"
    "$LAUNCHER" --http --port "$port" --management-port 0 "$@" >"$OUT/$name.log" 2>&1 &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    SERVER_URL="http://127.0.0.1:$port/mcp"
    wait_ready "$SERVER_URL" "$SERVER_PID"
}

stop_server() {
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
}

driver() {
    java -cp "$LOADTEST_JAR" dev.bulwark.loadtest.ScaleLoad "$@" "${FIGURES[@]}"
}

say "java: $(java -version 2>&1 | head -n 1); $(nproc) cores; open-file limit $(ulimit -n); results in $OUT"
RAISED=(--rate-limit 1000000000)
say "raised for every part: --rate-limit 1000000000 (shipped: 100 calls a minute per caller and tool)"

for part in $PARTS; do
    case "$part" in
        sessions)
            need_descriptors $((SESSIONS + 4 * ACTIVE + 64))
            flags=("${RAISED[@]}" --conformance-tools)
            if ((SESSIONS + ACTIVE > SHIPPED_MAX_SESSIONS)); then
                flags+=(--max-sessions $((SESSIONS + ACTIVE + 16)))
                say "raised: --max-sessions $((SESSIONS + ACTIVE + 16)) (shipped: $SHIPPED_MAX_SESSIONS refuses more)"
            fi
            if ((SESSIONS + 2 * ACTIVE + 16 > SHIPPED_MAX_CONNECTIONS)); then
                flags+=(--max-connections $((SESSIONS + 2 * ACTIVE + 64)))
                say "raised: --max-connections $((SESSIONS + 2 * ACTIVE + 64)) (shipped: $SHIPPED_MAX_CONNECTIONS)"
            fi
            start_bulwark sessions "${flags[@]}"
            echo
            echo "Sessions (launcher as shipped but: ${flags[*]}):"
            echo
            driver sessions --url "$SERVER_URL" --pid "$SERVER_PID" --sessions "$SESSIONS" --active "$ACTIVE" \
                --steps "$STEPS" --seconds "$SECONDS_MEASURED" --warmup "$WARMUP" || say "the sessions part failed"
            stop_server
            ;;
        stateless)
            need_descriptors $((CONCURRENCY + 64))
            flags=("${RAISED[@]}" --conformance-tools --http-mode stateless)
            if ((CONCURRENCY + 16 > SHIPPED_MAX_CONNECTIONS)); then
                flags+=(--max-connections $((CONCURRENCY + 64)))
                say "raised: --max-connections $((CONCURRENCY + 64)) (shipped: $SHIPPED_MAX_CONNECTIONS)"
            fi
            if ((CONCURRENCY > SHIPPED_MAX_CALLS_PER_TOOL)); then
                flags+=(--max-concurrent-calls $((CONCURRENCY + 64)) --max-concurrent-calls-per-tool $((CONCURRENCY + 64)))
                say "raised: --max-concurrent-calls and --max-concurrent-calls-per-tool $((CONCURRENCY + 64))" \
                    "(shipped: $SHIPPED_MAX_CALLS and $SHIPPED_MAX_CALLS_PER_TOOL; beyond them a call is answered \"busy\")"
            fi
            read -r -a extra <<<"${SCALE_STATELESS_ARGS:-}"
            flags+=("${extra[@]}")
            start_bulwark stateless "${flags[@]}"
            echo
            echo "Stateless, 2026-07-28 (launcher as shipped but: ${flags[*]}):"
            echo
            driver stateless --url "$SERVER_URL" --pid "$SERVER_PID" --concurrency "$CONCURRENCY" \
                --seconds "$SECONDS_MEASURED" --warmup "$WARMUP" || say "the stateless part failed"
            stop_server
            ;;
        tools-list | large-result)
            [[ -f "$BENCH_JAR" && -f "$BENCH_CP" ]] || die "no $BENCH_JAR or $BENCH_CP: build benchmarks (see above)"
            port="$(free_port)"
            java -XX:+UseSerialGC -Xms16m -Xmx128m -cp "$BENCH_JAR:$(cat "$BENCH_CP")" \
                dev.bulwark.benchmarks.ManyToolsServer "$port" "$TOOLS" "$RESULT_BYTES" >"$OUT/$part.log" 2>&1 &
            SERVER_PID=$!
            PIDS+=("$SERVER_PID")
            SERVER_URL="http://127.0.0.1:$port/mcp"
            wait_ready "$SERVER_URL" "$SERVER_PID"
            echo
            echo "$part: ManyToolsServer, $TOOLS tools, a result of $RESULT_BYTES characters, -XX:+UseSerialGC -Xms16m -Xmx128m:"
            echo
            driver "$part" --url "$SERVER_URL" --pid "$SERVER_PID" --seconds "$SECONDS_MEASURED" \
                --warmup "$WARMUP" || say "the $part part failed"
            stop_server
            ;;
        *) die "unknown part $part (sessions, stateless, tools-list, large-result)" ;;
    esac
done
