package dev.bulwark.promises;

/** The budgets a server holds for its callers, each of which must come back when its holder leaves or fails. */
enum Budget {
    /** Open connections on an HTTP port, of one client address. */
    CONNECTIONS,
    /** Open {@code subscriptions/listen} streams of one caller (the 2026-07-28 era). */
    SUBSCRIPTIONS,
    /** The share of the heap the request bodies held at once may take. */
    LARGE_REQUEST_MEMORY,
    /** The tasks one caller may have working at once ({@code tasks.max-active-per-caller}). */
    TASK_SLOTS,
    /** The bytes of JSON one caller's tasks may keep ({@code tasks.max-bytes-per-caller}). */
    TASK_BYTES
}
