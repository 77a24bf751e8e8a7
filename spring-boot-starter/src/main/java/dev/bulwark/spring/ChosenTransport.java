package dev.bulwark.spring;

import java.util.Objects;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the starter serves through one transport, as {@link BulwarkSettingsBinding#transport} chooses it from
 * {@code bulwark.transport} or the application's kind; a value that cannot be used matches none, and the settings
 * bean then stops the start with its line.
 */
abstract class ChosenTransport implements Condition {

    private final Transport transport;

    ChosenTransport(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        try {
            return BulwarkSettingsBinding.transport(context.getEnvironment()) == transport;
        } catch (BulwarkPropertiesException unusable) {
            return false;
        }
    }

    /** Bulwark's own standalone port. */
    static final class Http extends ChosenTransport {
        Http() {
            super(Transport.HTTP);
        }
    }

    /** The application's own servlet web server. */
    static final class Web extends ChosenTransport {
        Web() {
            super(Transport.WEB);
        }
    }
}
