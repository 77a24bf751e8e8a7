package dev.bulwark.ports.users;

import dev.bulwark.ports.contract.UserRepositoryContract;
import dev.bulwark.ports.fakes.InMemoryUserRepository;

/** The in-memory fake keeps the repository contract, so core tests on it mean something. */
class InMemoryUserRepositoryContractTest extends UserRepositoryContract {

    @Override
    protected UserRepository createRepository() {
        return new InMemoryUserRepository();
    }
}
