package dev.bulwark.promises;

/** The promises at the server jar, run as a process of its own, over HTTP in the 2026-07-28 era. */
class JarHttp2026PromisesIT extends PromiseMatrix {
    JarHttp2026PromisesIT() {
        super(new JarDoor(HttpDoor.Dialect.ERA_2026));
    }
}
