package dev.bulwark.spring;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.Objects;
import org.springframework.boot.web.servlet.ServletContextInitializer;

/**
 * Mounts each named endpoint's door on the application's web server. Its origin and credential checks are filter
 * registrations of their own ({@code bulwarkEndpointOrigins}, {@code bulwarkEndpointCredentials}), ordered with the
 * application's filters; the default endpoint's metadata filter serves its protected resource metadata.
 */
final class EndpointDoors implements ServletContextInitializer {

    private final BulwarkEndpoints endpoints;

    EndpointDoors(BulwarkEndpoints endpoints) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    }

    @Override
    public void onStartup(ServletContext context) {
        for (BulwarkEndpoints.Served served : endpoints.served()) {
            ServletRegistration.Dynamic door =
                    context.addServlet("bulwarkMcp-" + served.endpoint().name(), served.door());
            door.setAsyncSupported(true);
            door.addMapping(served.endpoint().path());
        }
    }
}
