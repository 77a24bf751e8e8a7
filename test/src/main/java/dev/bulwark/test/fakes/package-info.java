/**
 * In-memory fakes of the ports for tests: a manual ticker, a switchable health indicator, a user repository that
 * passes the repository contract and can be switched "down".
 */
package dev.bulwark.test.fakes;
