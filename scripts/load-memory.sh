#!/usr/bin/env bash
# Resident memory of the server under the 256-connection load: starts Bulwark with its launcher (the documented start
# command, with its class-data archive) once per variant of JVM options, round by round in turn, loads it with wrk
# at 256 connections (20 s to warm up, then 20 s measured) and prints, per round and variant, calls/s, the server's
# CPU ms per 1 000 calls, and its resident memory after start, after the run and at its peak (VmRSS, VmHWM). Not run
# by CI; see docs/performance.md, "Resident memory under load".
#
#   mvn -q -DskipTests package                    # the launcher and its archive in bootstrap/target
#   scripts/load-memory.sh 3 "" "-XX:+UseSerialGC -Xmx192m"   # rounds, then the variants ("" = none)
#
# Each variant is passed to the launcher as JAVA_OPTS, with the flags scripts/load.sh gives Bulwark (BULWARK_FLAGS in
# scripts/load/common.sh). Needs wrk (apt-get install -y wrk) and curl.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LAUNCHER="$ROOT/bootstrap/target/bulwark"
LUA="$ROOT/scripts/load/tools-call.lua"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-memory.XXXXXX")"
die() { echo "load-memory: $*" >&2; exit 1; }
# shellcheck source=scripts/load/common.sh
source "$ROOT/scripts/load/common.sh"

[[ $# -ge 2 ]] || die "usage: $0 ROUNDS \"JVM options\" [\"JVM options\" ...]"
[[ -x "$LAUNCHER" ]] || die "no launcher at $LAUNCHER: build first (mvn -q -DskipTests package)"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
ROUNDS="$1"
shift

rss_mib() { awk -v key="$2:" '$1 == key {print int($2 / 1024)}' "/proc/$1/status"; }

for round in $(seq 1 "$ROUNDS"); do
    for options in "$@"; do
        port="$(free_port)"
        JAVA_OPTS="$options" "$LAUNCHER" "${BULWARK_FLAGS[@]}" --port "$port" >"$OUT/server-$round.log" 2>&1 &
        url="http://127.0.0.1:$port/mcp"
        session="$(open_session "$url")"
        pid="$(pgrep -f "bulwark-server.jar.*--port $port" | head -1)"
        started="$(rss_mib "$pid" VmRSS)"
        MCP_SESSION_ID="$session" wrk -t 2 -c 256 -d 20s -s "$LUA" "$url" >/dev/null
        ticks_before="$(cpu_ticks "$pid")"
        calls="$(MCP_SESSION_ID="$session" wrk -t 2 -c 256 -d 20s -s "$LUA" "$url" \
            | awk '/Requests\/sec/ {print int($2)}')"
        ticks_after="$(cpu_ticks "$pid")"
        cpu="$(awk -v t="$((ticks_after - ticks_before))" -v hz="$(getconf CLK_TCK)" -v c="$calls" \
            'BEGIN {printf "%.1f", (t / hz) * 1000 / (c * 20) * 1000}')"
        echo "round $round | ${options:-no options} | $calls calls/s | $cpu ms CPU per 1000 calls |" \
            "RSS at start $started MiB, after the run $(rss_mib "$pid" VmRSS) MiB, peak $(rss_mib "$pid" VmHWM) MiB"
        kill "$pid"
        wait 2>/dev/null || true
    done
done
