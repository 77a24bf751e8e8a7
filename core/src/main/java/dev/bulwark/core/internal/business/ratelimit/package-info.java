/** Rate-limit rules: which window a call counts in, and what a rejection says. */
package dev.bulwark.core.internal.business.ratelimit;
