/**
 * Rate-limit rules: a window per (principal, tool), what a rejection says, and for a cached call the decision and the
 * cache read in one trip when the store can.
 */
package dev.bulwark.core.internal.business.ratelimit;
