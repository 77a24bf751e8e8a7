/**
 * Redis implementations of the ports (shared response cache, rate limiting on a sliding window shared by every instance, health and
 * meters), every Redis call behind one circuit breaker and a short timeout, so losing Redis never fails a call.
 */
package dev.bulwark.redis;
