package dev.bulwark.samples.spring;

import dev.bulwark.core.AppView;
import dev.bulwark.core.Extension;
import dev.bulwark.core.McpApps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The orders' MCP Apps view, which a host renders for {@code order_status}: the starter serves it as an extension. */
@Configuration(proxyBeanMethods = false)
public class OrderViews {

    /** The URI {@code order_status} names its view by. */
    static final String STATUS_VIEW = "ui://orders/status.html";

    @Bean
    Extension orderStatusView() {
        String html = classpathText("/views/order-status.html");
        AppView status = AppView.of(
                STATUS_VIEW, "Order status", "An order's status, and whether the caller may cancel it", context -> html);
        return McpApps.extension(status.withPrefersBorder(true));
    }

    private static String classpathText(String path) {
        try (InputStream in = OrderViews.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the view " + path + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
