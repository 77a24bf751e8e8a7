package dev.bulwark.promises;

/** The promises at the server jar, run as a process of its own, over Streamable HTTP without sessions. */
class JarHttpStatelessPromisesIT extends PromiseMatrix {
    JarHttpStatelessPromisesIT() {
        super(new JarDoor(HttpDoor.Dialect.STATELESS_2025));
    }
}
