/** In-memory fakes of the ports for tests: a manual ticker, a switchable health indicator, a user repository. */
package dev.bulwark.test.fakes;
