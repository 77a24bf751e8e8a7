package dev.bulwark.promises;

/** The promises over Streamable HTTP, 2026-07-28. */
class Http2026PromisesTest extends PromiseMatrix {
    Http2026PromisesTest() {
        super(new HttpDoor(HttpDoor.Dialect.ERA_2026));
    }
}
