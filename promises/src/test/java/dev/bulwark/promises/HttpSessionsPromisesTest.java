package dev.bulwark.promises;

/** The promises over Streamable HTTP with 2025-11-25 sessions. */
class HttpSessionsPromisesTest extends PromiseMatrix {
    HttpSessionsPromisesTest() {
        super(new HttpDoor(HttpDoor.Dialect.SESSIONS_2025));
    }
}
