/**
 * Rate-limit rules: which window a call counts in, and what a rejection says.
 *
 * <p><b>{@link ToolRateLimiter}</b>: Applies a rate limit per (principal, tool): each principal has its own window
 * for each tool (at most the limit in any window, see {@link RateLimit}). Rejections are counted in {@code
 * mcp_rate_limited_total{tool}}, registered at zero for the server's tools ({@link
 * ToolRateLimiter#registerCounters}). For a cached call, when the store can, the decision also brings the call's
 * cache entry back in the same trip ({@link ToolRateLimiter#acquireAndRead}). Thread-safe.
 */
package dev.bulwark.core.internal.business.ratelimit;
