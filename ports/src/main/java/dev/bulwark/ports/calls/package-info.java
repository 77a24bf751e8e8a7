/** Calls in flight: how a transport tells the core that its client cancelled one of its requests. */
package dev.bulwark.ports.calls;
