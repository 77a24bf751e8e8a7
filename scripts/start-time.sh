#!/usr/bin/env bash
# Cold start to the first tools/list answer, over stdio and over HTTP, for the bare MCP Java SDK and for Bulwark
# started with `java -jar` and with its launcher (bootstrap/target/bulwark, which adds the class-data archive).
# Interleaves the servers round by round, so a noisy machine slows each of them alike; prints every round.
#
#   scripts/start-time.sh [rounds]          default 5 rounds, with the java of JAVA_HOME or PATH
#   START_PEERS="typescript quarkus" scripts/start-time.sh 5     the same with more peers over HTTP, in their own columns
#
# Each figure is taken at the moment the tools/list answer arrives: wall time since the process was started,
# the process's CPU time (user + system, /proc/<pid>/stat) and its resident memory (VmRSS). Needs the built jars:
#   mvn -q -DskipTests package && mvn -q -P bench -pl loadtest -am -DskipTests package
# The peers of START_PEERS (scripts/load/peers.sh; stateful, JVM defaults like the others) are installed or built
# first if need be, and start over HTTP only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-5}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
BULWARK_JAR="$ROOT/bootstrap/target/bulwark-server.jar"
LAUNCHER="$ROOT/bootstrap/target/bulwark"
BARE_JAR="$ROOT/loadtest/target/bare-sdk-server.jar"
for file in "$BULWARK_JAR" "$LAUNCHER" "$BARE_JAR"; do
    [[ -e "$file" ]] || { echo "missing $file: build it first (see the header of this script)" >&2; exit 2; }
done
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
die() { echo "start-time: $*" >&2; exit 1; }
# shellcheck source=load/peers.sh
source "$ROOT/scripts/load/peers.sh"
read -r -a PEERS <<<"${START_PEERS:-}"
PEER_HEADERS=() NO_FIGURES=()
for peer in "${PEERS[@]}"; do
    peer_prepare "$peer" stateful "${TMPDIR:-/tmp}/bulwark-start-time-$peer.log"
    PEER_HEADERS+=("$(peer_label "$peer")")
    NO_FIGURES+=(-)
done

INITIALIZE='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"start-time","version":"1"}}}'
INITIALIZED='{"jsonrpc":"2.0","method":"notifications/initialized"}'
TOOLS_LIST='{"jsonrpc":"2.0","id":2,"method":"tools/list"}'

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# "<cpu seconds> <rss MiB>" of a running process.
usage_of() {
    local pid=$1 ticks rss
    ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
    awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v r="$rss" 'BEGIN {printf "%.2f %d", t / hz, r / 1024}'
}

stop() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# stdio: writes the three messages, waits for the answer with id 2. Prints "<ms> <cpu s> <rss MiB>".
stdio_start() {
    local fifo="$WORK/in" out="$WORK/out" start pid figures
    rm -f "$fifo" "$out"
    mkfifo "$fifo"
    start=$(now_ms)
    "$@" <"$fifo" >"$out" 2>/dev/null &
    pid=$!
    exec 3>"$fifo"
    printf '%s\n%s\n%s\n' "$INITIALIZE" "$INITIALIZED" "$TOOLS_LIST" >&3
    until grep -q '"id":2' "$out" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { echo "the server ended before answering: $*" >&2; exit 1; }
        sleep 0.01
    done
    figures="$(( $(now_ms) - start )) $(usage_of "$pid")"
    exec 3>&-
    stop "$pid"
    echo "$figures"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
        || echo $(( 20000 + RANDOM % 20000 ))
}

post() {
    curl -s -m 5 -X POST "http://127.0.0.1:$1/mcp" -H 'Content-Type: application/json' \
        -H 'Accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: 2025-11-25' "${@:3}" -d "$2"
}

# HTTP: polls initialize until the server answers, then lists tools. Prints "<ms> <cpu s> <rss MiB>".
http_start() {
    local port=$1 start pid session figures
    shift
    start=$(now_ms)
    "$@" >/dev/null 2>&1 &
    pid=$!
    until post "$port" "$INITIALIZE" -D "$WORK/headers" -o /dev/null; do
        kill -0 "$pid" 2>/dev/null || { echo "the server ended before answering: $*" >&2; exit 1; }
        sleep 0.01
    done
    session=$(tr -d '\r' <"$WORK/headers" | awk -F': ' 'tolower($1) == "mcp-session-id" {print $2}')
    post "$port" "$INITIALIZED" -H "Mcp-Session-Id: $session" -o /dev/null
    post "$port" "$TOOLS_LIST" -H "Mcp-Session-Id: $session" | grep -q '"tools"' \
        || { echo "no tools/list answer from: $*" >&2; exit 1; }
    figures="$(( $(now_ms) - start )) $(usage_of "$pid")"
    stop "$pid"
    echo "$figures"
}

echo "java: $("$JAVA" -version 2>&1 | head -n 1); $(nproc) cores; figures: ms to the first tools/list answer," \
    "CPU seconds, RSS MiB"
COLUMNS_FORMAT="%-6s %-8s %-24s %-24s %-24s"
for _ in "${PEERS[@]}"; do COLUMNS_FORMAT+=" %-24s"; done
COLUMNS_FORMAT+="\n"
# shellcheck disable=SC2059 # the format has one column per server
printf "$COLUMNS_FORMAT" round mode "bare SDK" "Bulwark java -jar" "Bulwark launcher" "${PEER_HEADERS[@]}"
for round in $(seq 1 "$ROUNDS"); do
    bare=$(stdio_start "$JAVA" -jar "$BARE_JAR" --stdio)
    jar=$(stdio_start "$JAVA" -jar "$BULWARK_JAR")
    launched=$(stdio_start "$LAUNCHER")
    # shellcheck disable=SC2059
    printf "$COLUMNS_FORMAT" "$round" stdio "$bare" "$jar" "$launched" "${NO_FIGURES[@]}"
    port=$(free_port)
    bare=$(http_start "$port" "$JAVA" -jar "$BARE_JAR" "$port")
    port=$(free_port)
    jar=$(http_start "$port" "$JAVA" -jar "$BULWARK_JAR" --http --port "$port" --management-port 0)
    port=$(free_port)
    launched=$(http_start "$port" "$LAUNCHER" --http --port "$port" --management-port 0)
    peers=()
    for peer in "${PEERS[@]}"; do
        port=$(free_port)
        peer_command "$peer" stateful "$port" ""
        peers+=("$(http_start "$port" "${PEER_COMMAND[@]}")")
    done
    # shellcheck disable=SC2059
    printf "$COLUMNS_FORMAT" "$round" http "$bare" "$jar" "$launched" "${peers[@]}"
done
