/** How the core and the adapters word a failure in a log line an operator reads. */
package dev.bulwark.ports.logging;
