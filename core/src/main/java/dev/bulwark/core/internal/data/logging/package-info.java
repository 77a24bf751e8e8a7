/**
 * Logging helpers for the data layer: one line per interval for a failing dependency, not one per failed call.
 */
package dev.bulwark.core.internal.data.logging;
