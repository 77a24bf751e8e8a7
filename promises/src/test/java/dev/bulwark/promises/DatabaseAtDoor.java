package dev.bulwark.promises;

/**
 * The database of a door's server, which the database promise stops and starts again: a real PostgreSQL it reaches
 * by {@code DATABASE_URL}, or none, for a reason it states.
 */
sealed interface DatabaseAtDoor {

    /** The door's server has no database. */
    static DatabaseAtDoor none(String reason) {
        return new None(reason);
    }

    /** The door's server uses a database that {@code control} stops and starts again. */
    static DatabaseAtDoor of(Control control) {
        return new Stoppable(control);
    }

    /** @param reason why the door's server has no database, for whoever reads the test report */
    record None(String reason) implements DatabaseAtDoor {}

    /** @param control stops the database and starts it again on the same port and data */
    record Stoppable(Control control) implements DatabaseAtDoor {}

    /** Stops and starts a database. */
    interface Control {
        void stop() throws Exception;

        void restart() throws Exception;
    }

    /** Why a door whose server serves only the stage's tools, none of which needs a database, has none. */
    String STAGE_NEEDS_NONE = "the door serves the stage's tools only, and none of them needs a database";
}
