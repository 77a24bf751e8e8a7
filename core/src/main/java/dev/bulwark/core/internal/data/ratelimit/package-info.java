/** Rate-limit budgets: the in-memory token bucket store and the gateway that falls back to it. */
package dev.bulwark.core.internal.data.ratelimit;
