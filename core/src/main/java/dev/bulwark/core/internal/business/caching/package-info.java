/** Response caching rules: policies, deterministic keys, canonical JSON and single-flight computation. */
package dev.bulwark.core.internal.business.caching;
