package dev.bulwark.promises;

import java.util.List;

/** The lines a door's server logs, at its most verbose level, from when the watch began until it is closed. */
interface LogWatch extends AutoCloseable {

    /** Every line logged since the watch began; a server that writes its log behind its calls has written it by then. */
    List<LogLine> lines() throws Exception;

    /** The audit lines logged since the watch began. */
    default List<LogLine> auditLines() throws Exception {
        return lines().stream().filter(LogLine::isAudit).toList();
    }

    @Override
    void close();
}
