package dev.bulwark.promises;

/** The promises at the server jar, one process per caller, over stdio in the 2025-11-25 era (after initialize). */
class JarStdioPromisesIT extends PromiseMatrix {
    JarStdioPromisesIT() {
        super(new JarStdioDoor(false));
    }
}
