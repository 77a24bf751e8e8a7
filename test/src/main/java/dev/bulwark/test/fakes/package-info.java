/**
 * In-memory fakes of the ports for tests: a manual ticker, a switchable health indicator, a user repository.
 *
 * <p><b>{@link InMemoryUserRepository}</b>: A {@link UserRepository} in memory, for tests of the core: behaves like
 * the real ones (it passes {@code UserRepositoryContract}) and can be switched "down" to throw {@link
 * DependencyUnavailableException}. Thread-safe (every method is synchronized).
 */
package dev.bulwark.test.fakes;
