package dev.bulwark.promises;

/**
 * What Bulwark promises at every entry point and for every kind of tool, each stated once: the title is the heading
 * of the section of {@link #page()} that states it.
 */
enum Promise {
    SCOPES_DECIDE_REACH("security.md", "Scopes decide what a caller reaches, whatever the route"),
    ONE_AUDIT_LINE_PER_CALL("security.md", "Every call leaves one complete audit line"),
    NO_CREDENTIAL_IN_LOGS_OR_ANSWERS("security.md", "No credential in any log or answer"),
    FAILURE_IS_AN_ANSWER_AND_COUNTED("operations.md", "A failure is an error answer, and it is counted"),
    LOSING_REDIS_FAILS_NO_CALL("operations.md", "Losing Redis fails no call"),
    LOSING_POSTGRESQL_FAILS_ONLY_WHAT_NEEDS_IT("operations.md", "Losing PostgreSQL fails only the calls that need it"),
    A_CALL_PAST_ITS_DEADLINE_IS_ENDED(
            "operations.md", "A call that outlives its deadline is ended, answered and counted"),
    BUDGETS_COME_BACK("operations.md", "Every budget comes back when its holder leaves or fails"),
    WRONG_SETTING_STOPS_THE_START("operations.md", "An unknown or wrong setting stops the start with one line");

    private final String page;
    private final String title;

    Promise(String page, String title) {
        this.page = page;
        this.title = title;
    }

    /** The page of docs/ that states the promise. */
    String page() {
        return page;
    }

    /** The heading that states it there. */
    String title() {
        return title;
    }
}
