/** The server launcher: main, configuration loading and the Dagger wiring that chooses implementations. */
package dev.bulwark.bootstrap;
