package dev.bulwark.spring;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import java.util.Objects;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.core.Ordered;

/**
 * Mounts each named endpoint's door on the application's web server, with the filters the default endpoint has: its
 * origin checks and, when Bulwark authenticates, its credential check. The default endpoint's metadata filter serves
 * its protected resource metadata.
 */
final class EndpointDoors implements ServletContextInitializer, Ordered {

    private final BulwarkEndpoints endpoints;
    private final BulwarkSettingsBinding settings;

    EndpointDoors(BulwarkEndpoints endpoints, BulwarkSettingsBinding settings) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void onStartup(ServletContext context) {
        EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
        for (BulwarkEndpoints.Served served : endpoints.served()) {
            String name = served.endpoint().name();
            String path = served.endpoint().path();
            FilterRegistration.Dynamic origin = context.addFilter(
                    "bulwarkMcpOrigin-" + name,
                    new McpOriginFilter(
                            settings.http().allowedOrigins(),
                            settings.http().allowedHosts(),
                            served.endpoint().stateful() ? "GET, POST, DELETE" : "POST"));
            origin.setAsyncSupported(true);
            origin.addMappingForUrlPatterns(requests, false, path);
            if (served.auth().bulwarkAuthenticates()) {
                FilterRegistration.Dynamic credentials =
                        context.addFilter("bulwarkCredentialFilter-" + name, new BulwarkCredentialFilter(served.auth()));
                credentials.setAsyncSupported(true);
                credentials.addMappingForUrlPatterns(requests, false, path);
            }
            ServletRegistration.Dynamic door = context.addServlet("bulwarkMcp-" + name, served.door());
            door.setAsyncSupported(true);
            door.addMapping(path);
        }
    }

    /** With the default endpoint's origin filter: before Spring Security's filter chain. */
    @Override
    public int getOrder() {
        return BulwarkAutoConfiguration.WebTransportConfiguration.ORIGIN_FILTER_ORDER;
    }
}
