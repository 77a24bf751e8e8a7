package dev.bulwark.promises;

/** The promises at the server jar, run as a process of its own, over Streamable HTTP with 2025-11-25 sessions. */
class JarHttpPromisesIT extends PromiseMatrix {
    JarHttpPromisesIT() {
        super(new JarDoor(HttpDoor.Dialect.SESSIONS_2025));
    }
}
