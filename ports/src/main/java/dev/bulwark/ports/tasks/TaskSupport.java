package dev.bulwark.ports.tasks;

import java.util.Locale;

/**
 * Whether a call may run as a task of the Tasks extension ({@code io.modelcontextprotocol/tasks}): answered at once
 * with a task id, then polled for its status and result. The settings', services' and upstream tools' word for it; the
 * core maps it onto the tool author's own enum.
 */
public enum TaskSupport {
    /** The default: every call is answered when it ends. */
    FORBIDDEN,
    /** A client that declares the extension gets a task; any other is answered when the call ends. */
    OPTIONAL,
    /** Only a client that declares the extension may call it: others are refused with {@code -32021}. */
    REQUIRED;

    /**
     * The value of a {@code task-support} setting or of a listing's {@code execution.taskSupport}:
     * {@code forbidden}, {@code optional} or {@code required}, in any case.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static TaskSupport parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "forbidden" -> FORBIDDEN;
            case "optional" -> OPTIONAL;
            case "required" -> REQUIRED;
            default -> throw new IllegalArgumentException("is not forbidden, optional or required");
        };
    }

    /** The setting's spelling: {@code forbidden}, {@code optional} or {@code required}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
