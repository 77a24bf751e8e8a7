package dev.bulwark.http.auth;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** The audit stream's lines while it is open, each as its message and its key-values ({@code key=value}). */
final class AuditCapture implements AutoCloseable {

    private final Logger audit = (Logger) LoggerFactory.getLogger("dev.bulwark.audit");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    AuditCapture() {
        appender.start();
        audit.addAppender(appender);
    }

    List<String> lines() {
        return appender.list.stream()
                .map(event -> event.getFormattedMessage() + " "
                        + (event.getKeyValuePairs() == null
                                ? ""
                                : event.getKeyValuePairs().stream()
                                        .map(pair -> pair.key + "=" + pair.value)
                                        .collect(Collectors.joining(" "))))
                .toList();
    }

    @Override
    public void close() {
        audit.detachAppender(appender);
    }
}
