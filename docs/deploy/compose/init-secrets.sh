#!/bin/sh
# Makes the compose stack's secrets in this directory, before any docker compose command (compose.yaml needs both):
#
#   - api-keys.json: one API key's entry (its hash only), with the scopes "*"; the key itself is printed once;
#   - .env: MCP_REQUEST_STATE_KEY, the key that signs the state of MCP 2026-07-28 multi round-trip requests
#     (docker compose reads .env from this directory).
#
# A file that already holds its secret is kept. Needs openssl only: no Docker, no Java.
#
#   ./init-secrets.sh [subject]      # subject: the name your calls are logged and limited under (default: operator)
set -eu
cd "$(dirname "$0")"

say() { printf 'init-secrets: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

subject="${1:-operator}"
case "$subject" in
    '' | *[!A-Za-z0-9._@-]*) die "the subject may hold letters, digits and . _ @ - only: choose another name" ;;
    CHANGE-ME) die "CHANGE-ME is the placeholder of --new-api-key: choose your own subject" ;;
esac
command -v openssl >/dev/null || die "openssl is needed"

if [ -d api-keys.json ]; then
    # What an earlier docker compose run leaves when the file was missing: Docker made a directory in its place.
    die "api-keys.json is a directory (an earlier docker compose run made it): remove it with rmdir and run again"
elif [ -s api-keys.json ]; then
    say "api-keys.json exists: kept (remove it to make a new key)"
else
    # 256 random bits, base64url, as --new-api-key makes them; the file holds only the key's SHA-256.
    key="bwk_$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n')"
    hash="$(printf '%s' "$key" | openssl dgst -sha256 | sed 's/^.*= //')"
    case "$hash" in
        *[!0-9a-f]*) die "openssl dgst printed no SHA-256 digest" ;;
    esac
    [ "${#hash}" -eq 64 ] || die "openssl dgst printed no SHA-256 digest"
    # Readable by the container's user (10001): Docker Compose mounts the file as it is. It holds no key.
    (umask 022 && printf '{"keys": [{"subject": "%s", "scopes": ["*"], "hash": "sha256:%s"}]}\n' "$subject" "$hash" \
        >api-keys.json)
    printf 'API key of %s (shown once; api-keys.json keeps only its hash):\n%s\n' "$subject" "$key"
fi

if grep -qs '^MCP_REQUEST_STATE_KEY=.' .env; then
    say ".env holds MCP_REQUEST_STATE_KEY: kept"
else
    (umask 077 && printf 'MCP_REQUEST_STATE_KEY=%s\n' "$(openssl rand -hex 32)" >>.env)
    say "MCP_REQUEST_STATE_KEY written to .env"
fi
