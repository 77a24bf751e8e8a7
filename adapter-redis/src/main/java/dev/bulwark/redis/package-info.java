/**
 * Redis implementations of the ports (shared response cache, distributed token-bucket rate limiting, health and
 * meters), every Redis call behind one circuit breaker and a short timeout, so losing Redis never fails a call.
 */
package dev.bulwark.redis;
