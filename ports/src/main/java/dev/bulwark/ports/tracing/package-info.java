/**
 * How a transport has the core trace the requests it or the SDK answers itself, which the core's feature handlers
 * never see.
 */
package dev.bulwark.ports.tracing;
