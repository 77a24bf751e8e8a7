/** The Dagger component and one module per choice of implementation; swap a module to swap an adapter. */
package dev.bulwark.bootstrap.wiring;
