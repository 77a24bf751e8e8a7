package dev.bulwark.promises;

/** The promises over Streamable HTTP without sessions (2025-11-25, stateless mode). */
class HttpStatelessPromisesTest extends PromiseMatrix {
    HttpStatelessPromisesTest() {
        super(new HttpDoor(HttpDoor.Dialect.STATELESS_2025));
    }
}
