/**
 * The Dagger component and one module per choice of implementation. Which adapter serves (PostgreSQL or the embedded
 * H2, Redis or the core's own in-memory stores) is decided at run time by the configuration, so one jar serves every
 * combination and the unused implementation is never built.
 */
package dev.bulwark.bootstrap.wiring;
