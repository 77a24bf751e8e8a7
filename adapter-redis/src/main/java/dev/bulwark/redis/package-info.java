/** Redis implementations of the ports (shared response cache, distributed rate limiting, health); they arrive with the Redis adapter issue. */
package dev.bulwark.redis;
