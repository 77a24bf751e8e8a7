package dev.bulwark.promises;

/** The promises at an application served by the Spring Boot starter, over Streamable HTTP with sessions. */
class StarterPromisesTest extends PromiseMatrix {
    StarterPromisesTest() {
        super(new StarterDoor(HttpDoor.Dialect.SESSIONS_2025));
    }
}
