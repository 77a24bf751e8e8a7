package dev.bulwark.promises;

/** The promises over stdio, 2026-07-28. */
class Stdio2026PromisesTest extends PromiseMatrix {
    Stdio2026PromisesTest() {
        super(new StdioDoor(true));
    }
}
