/**
 * Rate-limit budgets: the in-memory sliding-window store, and the gateway that falls back to it with this instance's
 * share of the limit when the shared store fails (docs/architecture.md, "Rate limits").
 */
package dev.bulwark.core.internal.data.ratelimit;
