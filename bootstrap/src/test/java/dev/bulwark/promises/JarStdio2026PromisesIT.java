package dev.bulwark.promises;

/** The promises at the server jar, one process per caller, over stdio in the 2026-07-28 era. */
class JarStdio2026PromisesIT extends PromiseMatrix {
    JarStdio2026PromisesIT() {
        super(new JarStdioDoor(true));
    }
}
