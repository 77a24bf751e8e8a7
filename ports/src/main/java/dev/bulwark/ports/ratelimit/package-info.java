/**
 * The store that holds rate-limit budgets, local to one process or shared by many, and the {@link RateLimit} every
 * store keeps: at most the limit in any window (docs/architecture.md, "Rate limits").
 */
package dev.bulwark.ports.ratelimit;
