package dev.bulwark.promises;

/** The promises at a named endpoint of an application served by the starter, with 2025-11-25 sessions. */
class StarterEndpointSessionsPromisesTest extends PromiseMatrix {
    StarterEndpointSessionsPromisesTest() {
        super(new StarterEndpointDoor(HttpDoor.Dialect.SESSIONS_2025));
    }
}
