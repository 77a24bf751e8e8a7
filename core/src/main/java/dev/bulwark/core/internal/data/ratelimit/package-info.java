/** Rate-limit budgets: the in-memory sliding-window store and the gateway that falls back to it. */
package dev.bulwark.core.internal.data.ratelimit;
