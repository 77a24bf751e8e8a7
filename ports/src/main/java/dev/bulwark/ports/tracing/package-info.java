/** Tracing: how a transport has the core trace the requests it serves without the core's feature handlers. */
package dev.bulwark.ports.tracing;
