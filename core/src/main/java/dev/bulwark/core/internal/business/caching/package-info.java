/**
 * Response caching rules: canonical JSON, deterministic keys, and single-flight get-or-compute over the cache.
 */
package dev.bulwark.core.internal.business.caching;
