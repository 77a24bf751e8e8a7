package dev.bulwark.promises;

/** The promises at an application served by the starter on its own port, stateless, in the 2025-11-25 era. */
class StarterWebPromisesTest extends PromiseMatrix {
    StarterWebPromisesTest() {
        super(new StarterWebDoor(HttpDoor.Dialect.STATELESS_2025));
    }
}
