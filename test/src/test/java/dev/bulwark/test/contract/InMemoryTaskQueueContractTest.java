package dev.bulwark.test.contract;

import dev.bulwark.core.internal.data.tasks.InMemoryTaskQueue;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.time.Ticker;

/** The {@link TaskQueue} contract, run against core's in-memory queue. */
class InMemoryTaskQueueContractTest extends TaskQueueContract {

    @Override
    protected TaskQueue createQueue() {
        return new InMemoryTaskQueue(Ticker.system());
    }
}
