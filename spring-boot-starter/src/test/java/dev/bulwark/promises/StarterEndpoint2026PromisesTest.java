package dev.bulwark.promises;

/** The promises at a named endpoint of an application served by the starter on its own port, in the 2026-07-28 era. */
class StarterEndpoint2026PromisesTest extends PromiseMatrix {
    StarterEndpoint2026PromisesTest() {
        super(new StarterEndpointDoor(HttpDoor.Dialect.ERA_2026));
    }
}
