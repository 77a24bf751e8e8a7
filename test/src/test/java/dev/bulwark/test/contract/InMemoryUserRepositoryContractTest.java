package dev.bulwark.test.contract;

import dev.bulwark.ports.users.UserRepository;
import dev.bulwark.test.fakes.InMemoryUserRepository;

/** The in-memory fake keeps the repository contract, so tests on it mean something. */
class InMemoryUserRepositoryContractTest extends UserRepositoryContract {

    @Override
    protected UserRepository createRepository() {
        return new InMemoryUserRepository();
    }
}
