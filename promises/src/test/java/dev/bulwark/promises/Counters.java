package dev.bulwark.promises;

import java.util.List;
import java.util.Map;

/**
 * The counters a door's server keeps, read the way its operator reads them: a meter registry in the test's own
 * process, or the {@code /metrics} endpoint of a server process. Names are Micrometer's ({@code mcp.errors}).
 */
interface Counters {

    /** The sum of the counters named {@code name} whose tags include {@code tags}. */
    double sum(String name, Map<String, String> tags) throws Exception;

    /** Each counter named {@code name} that is not zero, with its tags, for a failure's message. */
    List<String> describe(String name) throws Exception;

    /**
     * The counters of a server whose operator has no way to read them where the door's caller is served, for
     * {@code reason}: the matrix then checks the answers and reports the counting as not checked, with the reason.
     */
    static Counters unreadable(String reason) {
        return new Unreadable(reason);
    }

    /** @param reason why the door's counters cannot be read, for whoever reads the test report */
    record Unreadable(String reason) implements Counters {

        @Override
        public double sum(String name, Map<String, String> tags) {
            throw new IllegalStateException("the counters cannot be read at this door: " + reason);
        }

        @Override
        public List<String> describe(String name) {
            throw new IllegalStateException("the counters cannot be read at this door: " + reason);
        }
    }
}
