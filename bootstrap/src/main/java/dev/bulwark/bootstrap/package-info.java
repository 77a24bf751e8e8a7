/**
 * The server launcher: {@code main} (serving over stdio or HTTP, or running the fleet monitor), its orderly shutdown
 * on SIGTERM, its exit codes and start-failure lines (docs/operations.md), and the API key commands.
 */
package dev.bulwark.bootstrap;
