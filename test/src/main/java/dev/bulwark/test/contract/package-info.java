/**
 * The port contract suites: the behaviour every cache store, rate-limit store, SQL gateway and user repository must
 * have. Extend one per implementation and supply a fresh instance; time is the test's, so nothing sleeps.
 */
package dev.bulwark.test.contract;
