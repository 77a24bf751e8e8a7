package dev.bulwark.promises;

/** The promises at an application served by the starter on its own port, in the 2026-07-28 era. */
class StarterWeb2026PromisesTest extends PromiseMatrix {
    StarterWeb2026PromisesTest() {
        super(new StarterWebDoor(HttpDoor.Dialect.ERA_2026));
    }
}
