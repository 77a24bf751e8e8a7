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
}
