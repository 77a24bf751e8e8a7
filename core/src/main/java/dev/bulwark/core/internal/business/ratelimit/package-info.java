/** Rate-limit rules: which bucket a call draws from, and what a rejection says. */
package dev.bulwark.core.internal.business.ratelimit;
