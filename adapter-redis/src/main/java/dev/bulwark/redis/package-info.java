/**
 * Redis implementations of the ports: the shared response cache, rate limits on a sliding window shared by every
 * instance, the task store, health and meters. Every call goes through one {@link RedisConnection}, its circuit
 * breaker and a short timeout, so losing Redis never fails a tool call (docs/architecture.md, "Redis calls").
 */
package dev.bulwark.redis;
