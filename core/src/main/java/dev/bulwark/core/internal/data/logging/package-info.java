/** Logging helpers for the data layer: keeping a failing dependency from flooding the log. */
package dev.bulwark.core.internal.data.logging;
