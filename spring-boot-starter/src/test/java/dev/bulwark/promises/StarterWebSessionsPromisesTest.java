package dev.bulwark.promises;

/** The promises at an application served by the starter on its own port, with 2025-11-25 sessions. */
class StarterWebSessionsPromisesTest extends PromiseMatrix {
    StarterWebSessionsPromisesTest() {
        super(new StarterWebDoor(HttpDoor.Dialect.SESSIONS_2025));
    }
}
