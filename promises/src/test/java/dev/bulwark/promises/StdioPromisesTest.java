package dev.bulwark.promises;

/** The promises over stdio, 2025-11-25 (after initialize). */
class StdioPromisesTest extends PromiseMatrix {
    StdioPromisesTest() {
        super(new StdioDoor(false));
    }
}
