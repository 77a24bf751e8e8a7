/**
 * Cache access: the in-memory store, and the gateway through which a failing store never fails a call (lookups miss,
 * writes are skipped, failed invalidations are retried until they succeed).
 */
package dev.bulwark.core.internal.data.cache;
