#!/usr/bin/env bash
# Builds the release bundle as Maven Central would receive it and checks it, without uploading anything:
#
#   scripts/check-release.sh
#
# 1. Clones HEAD into a temporary directory and sets a release version there, as a release does: versions:set also
#    sets project.build.outputTimestamp to the current time; the change is committed in the clone (the working tree
#    is left alone).
# 2. Makes a throwaway signing key (a fresh GnuPG home, removed at the end).
# 3. Stages `mvn -P release deploy` into a local directory: jars, sources and Javadoc jars, CycloneDX SBOMs,
#    signatures and checksums; the release profile also fails on a dependency license outside its allow-list.
# 4. Checks every rule Central enforces (scripts/CheckBundle.java; docs/releasing.md lists them) and every signature.
# 5. Reproducible builds: clones that release commit again, packages the published modules there without tests, and
#    compares every artifact (jars, sources, Javadoc, SBOMs, POMs) with the staged one byte for byte
#    (maven-artifact-plugin's compare goal); artifact:check-buildplan first fails on a plugin known not to be
#    reproducible. RELEASE_CHECK_REPRODUCIBLE=0 leaves step 5 out.
#
# The check version is new on every run and never installed into the local repository (~/.m2): the compare goal
# resolves the reference artifacts through it, and would take a copy left there by an earlier run for the staged one.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
version="${RELEASE_CHECK_VERSION:-0.0.0-releasecheck.$(date -u +%Y%m%d%H%M%S).$$}"
reproducible="${RELEASE_CHECK_REPRODUCIBLE:-1}"
work="$(mktemp -d)"
local_repo="$HOME/.m2/repository"
cleanup() {
    gpgconf --kill all >/dev/null 2>&1 || true
    rm -rf "$work"
    # The compare goal's downloads of this run's throwaway version; nothing else of the local repository.
    if [[ -z "${RELEASE_CHECK_VERSION:-}" && -d "$local_repo/dev/bulwark" ]]; then
        find "$local_repo/dev/bulwark" -mindepth 2 -maxdepth 2 -type d -name "$version" -exec rm -rf {} +
    fi
}
trap cleanup EXIT

say() { echo "check-release.sh: $*" >&2; }

say "cloning HEAD and setting version $version"
git clone -q "$root" "$work/first"
(cd "$work/first" && mvn -B -q versions:set -DnewVersion="$version" -DgenerateBackupPoms=false \
    -DprocessAllModules=true \
    && git -c user.name="Release check" -c user.email=release-check@bulwark.invalid commit -q -am "Release $version")
grep -h -o '<project.build.outputTimestamp>[^<]*' "$work/first/pom.xml" | sed 's/^/check-release.sh: /' >&2
if [[ "$reproducible" == 1 ]]; then
    git clone -q "$work/first" "$work/second"
fi

export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key "Bulwark release check (throwaway) <release-check@bulwark.invalid>" \
    ed25519 sign 1d 2>/dev/null
key="$(gpg --list-keys --with-colons | awk -F: '/^fpr/ {print $10; exit}')"
say "signing with throwaway key $key"

say "staging the bundle"
started=$SECONDS
(cd "$work/first" && mvn -B -P release -DskipTests deploy -Dmaven.install.skip=true -Dgpg.keyname="$key" \
    -DaltDeploymentRepository="staging::file://$work/staging") > "$work/stage.log" 2>&1 \
    || { tail -n 60 "$work/stage.log" >&2; say "staging failed"; exit 1; }
say "staging took $((SECONDS - started)) s"

say "checking the bundle"
java scripts/CheckBundle.java "$work/staging" "$version"
while IFS= read -r signature; do
    gpg --batch --quiet --verify "$signature" "${signature%.asc}" 2>/dev/null \
        || { say "bad signature: $signature"; exit 1; }
done < <(find "$work/staging" -name '*.asc')

if [[ "$reproducible" != 1 ]]; then
    say "the bundle meets every rule (the second build was left out: RELEASE_CHECK_REPRODUCIBLE=0)"
    exit 0
fi
say "building the release commit again in a second clone and comparing its artifacts with the staged ones"
# The published modules and the promise matrix, whose test jar the starter's tests compile against (test jars are
# published, so tests are compiled, not run). The other unpublished modules are left out: the compare goal skips a
# module whose deploy is skipped. Signing, the license report, japicmp and the server's class-data archives make no
# published file, so they are left out too. The Javadoc jars are compared as well (the goal leaves them out unless
# told otherwise).
started=$SECONDS
(cd "$work/second" && mvn -B -P release -DskipTests -Dgpg.skip -Dlicense.skipAddThirdParty -Djapicmp.skip \
    -Dbulwark.cds.skip=true -pl '!docs,!benchmarks,!samples/junit5-tool-test,!samples/spring-boot-app,!samples/plain-app' \
    org.apache.maven.plugins:maven-artifact-plugin:3.6.1:check-buildplan package \
    org.apache.maven.plugins:maven-artifact-plugin:3.6.1:compare \
    -Dreference.repo="releasecheck::file://$work/staging" -Dcompare.aggregate.only=true -Dcompare.fail=false \
    -Dbuildinfo.ignoreJavadoc=false) > "$work/compare.log" 2>&1 \
    || { tail -n 60 "$work/compare.log" >&2; say "the second build failed"; exit 1; }
say "second build and compare took $((SECONDS - started)) s"
result="$(find "$work/second/target" -maxdepth 1 -name '*.buildcompare' | head -n 1)"
[[ -n "$result" ]] || { tail -n 60 "$work/compare.log" >&2; say "artifact:compare wrote no result"; exit 1; }
grep -E '^(ok|ko)=' "$result" | tr '\n' ' ' | sed 's/^/check-release.sh: artifacts compared: /; s/$/\n/' >&2
if ! grep -qx 'ko=0' "$result"; then
    grep -E 'sha512 mismatch|investigate' "$work/compare.log" | sed 's/^\[ERROR\] //' >&2 || true
    say "a second build of the same commit gives different bytes (docs/releasing.md says how to find why)"
    exit 1
fi
say "the bundle meets every rule, and a second build gives the same bytes"
