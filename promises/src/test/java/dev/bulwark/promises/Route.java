package dev.bulwark.promises;

/** How a call reaches its tool: a plain {@code tools/call}, or run as a task whose outcome is its answer. */
enum Route {
    CALL,
    TASK
}
