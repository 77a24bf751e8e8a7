package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class WireLogGuardTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @Test
    void underARootLevelOfTraceTheWireLoggersStayQuietBelowInfoAndTheApplicationsDoNot() {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger jetty = context.getLogger("org.eclipse.jetty.http.HttpParser");
        Level rootBefore = root.getLevel();
        Level jettyBefore = jetty.getLevel();
        try {
            root.setLevel(Level.TRACE);
            jetty.setLevel(Level.TRACE); // even an explicit level does not open it

            WireLogGuard.install();
            WireLogGuard.install();

            assertThat(jetty.isDebugEnabled()).isFalse();
            assertThat(jetty.isTraceEnabled()).isFalse();
            assertThat(jetty.isInfoEnabled()).isTrue();
            assertThat(context.getLogger("com.example.shop.Orders").isDebugEnabled())
                    .isTrue();
            assertThat(context.getLogger("org.eclipse.jettyish.Other").isDebugEnabled())
                    .isTrue();
            assertThat(context.getTurboFilterList())
                    .filteredOn(LogbackWireFilter.class::isInstance)
                    .hasSize(1);
        } finally {
            root.setLevel(rootBefore);
            jetty.setLevel(jettyBefore);
        }
    }
}
