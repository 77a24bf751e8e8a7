package dev.bulwark.test.contract;

import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.ports.tasks.TaskStore;

/** The {@link TaskStore} contract, run against core's in-memory store. */
class InMemoryTaskStoreContractTest extends TaskStoreContract {

    @Override
    protected TaskStore createStore() {
        return new InMemoryTaskStore();
    }
}
