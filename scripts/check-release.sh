#!/usr/bin/env bash
# Builds the release bundle as Maven Central would receive it and checks it, without uploading anything:
#
#   scripts/check-release.sh
#
# 1. Clones HEAD into a temporary directory and sets a release version there (the working tree is left alone).
# 2. Makes a throwaway signing key (a fresh GnuPG home, removed at the end).
# 3. Stages `mvn -P release deploy` into a local directory: jars, sources and Javadoc jars, CycloneDX SBOMs,
#    signatures and checksums; the release profile also fails on a dependency license outside its allow-list.
# 4. Checks every rule Central enforces (scripts/CheckBundle.java; docs/releasing.md lists them) and every signature.
# 5. With RELEASE_CHECK_REPRODUCIBLE=1: builds the same commit again in a second clone and compares its artifacts
#    with the staged ones byte for byte (maven-artifact-plugin's compare goal). Not yet on in CI: the parent POM
#    came out different in the second build, for a reason still to find (docs/releasing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
version="${RELEASE_CHECK_VERSION:-0.0.0-releasecheck}"
work="$(mktemp -d)"
trap 'gpgconf --kill all >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

say() { echo "check-release.sh: $*" >&2; }

say "cloning HEAD and setting version $version"
clones=(first)
if [[ "${RELEASE_CHECK_REPRODUCIBLE:-0}" == 1 ]]; then
    clones+=(second)
fi
for clone in "${clones[@]}"; do
    git clone -q "$root" "$work/$clone"
    (cd "$work/$clone" && mvn -B -q versions:set -DnewVersion="$version" -DgenerateBackupPoms=false \
        -DprocessAllModules=true)
done

export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key "Bulwark release check (throwaway) <release-check@bulwark.invalid>" \
    ed25519 sign 1d 2>/dev/null
key="$(gpg --list-keys --with-colons | awk -F: '/^fpr/ {print $10; exit}')"
say "signing with throwaway key $key"

say "staging the bundle"
(cd "$work/first" && mvn -B -P release -DskipTests deploy -Dgpg.keyname="$key" \
    -DaltDeploymentRepository="staging::file://$work/staging") > "$work/stage.log" 2>&1 \
    || { tail -n 60 "$work/stage.log" >&2; say "staging failed"; exit 1; }

say "checking the bundle"
java scripts/CheckBundle.java "$work/staging" "$version"
while IFS= read -r signature; do
    gpg --batch --quiet --verify "$signature" "${signature%.asc}" 2>/dev/null \
        || { say "bad signature: $signature"; exit 1; }
done < <(find "$work/staging" -name '*.asc')

if [[ "${RELEASE_CHECK_REPRODUCIBLE:-0}" != 1 ]]; then
    say "the bundle meets every rule (set RELEASE_CHECK_REPRODUCIBLE=1 to also build it again and compare)"
    exit 0
fi
say "building again and comparing the artifacts with the staged ones"
(cd "$work/second" && mvn -B -P release -DskipTests -Dgpg.skip -Dmaven.javadoc.skip -Dcyclonedx.skip \
    -Dlicense.skipAddThirdParty verify artifact:compare -Dreference.repo="staging::file://$work/staging" \
    -Ddiagnose=false) > "$work/compare.log" 2>&1 \
    || { tail -n 60 "$work/compare.log" >&2; say "the second build differs or failed"; exit 1; }
grep -E "rebuild comparison result" "$work/compare.log" | head -n 40 >&2 || true
say "the bundle meets every rule, and a second build gives the same bytes"
