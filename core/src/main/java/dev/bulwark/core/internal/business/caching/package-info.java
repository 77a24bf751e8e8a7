/**
 * Response caching rules: policies, deterministic keys, canonical JSON and single-flight computation.
 *
 * <p><b>{@link CanonicalJson}</b>: Writes a JSON value in one canonical form, so equal values give equal text in
 * every process and after every restart: object keys sorted, no whitespace, numbers normalized by value, whatever
 * form they were sent in:
 *
 * <ul>
 *   <li>a whole number within the 64-bit integer range is written as an integer: {@code 1}, {@code 1.0} and
 *       {@code 1e0} are all {@code 1}, {@code 1.5e3} is {@code 1500}, {@code -0.0} is {@code 0};
 *   <li>any other number that a 64-bit float holds exactly (every non-integer a JSON parser reads as a
 *       {@code double}) is written as that float, in Java's shortest form: {@code 0.50} is {@code 0.5},
 *       {@code 1e300} is {@code 1.0E300};
 *   <li>the rest (integers too long for a float, decimals parsed as {@code BigDecimal}) keeps every digit, without
 *       trailing zeros;
 *   <li>NaN and the infinities, which have no decimal form, are written as they are.
 * </ul>
 *
 * <p>Each form is read back as the same number, so a result built from {@link CanonicalJson#canonical} trees reads
 * the same from a cache as when it was computed. Thread-safe.
 *
 * <p><b>{@link ResultCache}</b>: Get-or-compute over the cache, with single flight: when several calls on the same
 * key overlap, one looks the key up (and computes on a miss) and the others wait for its result instead of looking
 * up or computing again (they are reported and counted as hits). Waiting holds no thread: a waiting call's outcome
 * is completed by whoever completes the computing call's, so any number of overlapping calls costs one computation
 * and no threads beyond it. A failure of the cache store never fails the call (see {@link CacheGateway}); a failure
 * of the computation is passed to every waiting caller and nothing is cached, and neither is a value the codec
 * cannot encode (it is still returned). A value (or a failure) the codec says is not shareable is neither stored
 * nor passed: the waiting calls fail with {@link NotShared} and compute their own. Thread-safe.
 *
 * <p><b>{@link CacheKeys}</b>: Builds deterministic cache keys: {@code
 * tool:<name>:v<schemaVersion>:<shared|p:<sha256(principal)>>:<sha256(canonical arguments)>}. Stable across
 * processes and restarts (no {@code hashCode}), and a private key always contains the principal, its subject and
 * its scopes (sorted), so one principal's entry can never be found by another, nor by the same subject holding
 * fewer scopes (a narrower token must not be served what a wider one was allowed to see). Thread-safe.
 */
package dev.bulwark.core.internal.business.caching;
