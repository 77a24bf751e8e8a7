package dev.bulwark.tools.presentation.services;

import static dev.bulwark.outbound.FakeService.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.outbound.FakeService;
import dev.bulwark.outbound.OutboundServices;
import dev.bulwark.outbound.ServiceSettings;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.test.CallOutcome;
import dev.bulwark.test.ToolTester;
import dev.bulwark.tools.OpenApiTools;
import dev.bulwark.tools.ServicesPack;
import dev.bulwark.tools.business.services.ApiToolSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service with an OpenAPI document serves only the operations it lists, each with its scope, through every tool:
 * {@code api_request} and {@code batch_api_requests} do not reach around them, unless the service's options open
 * them, with a scope of their own. The real pipeline, outbound client and an HTTP upstream on loopback.
 */
class OpenApiServiceRequestsTest {

    private static final String WRITE = "services:petstore:write";
    private static final String READ = "services:petstore:read";

    private final FakeService upstream = FakeService.start();
    private OutboundServices services;
    private ToolTester tester;

    @TempDir
    Path temp;

    @AfterEach
    void stop() {
        if (tester != null) {
            tester.close();
        }
        if (services != null) {
            services.close();
        }
        upstream.close();
    }

    /** The pet store serving listPets and deletePet (which needs pets:admin), with both packs, as the server wires. */
    private ToolTester serve(UnaryOperator<ServiceSettings.Builder> options) throws IOException {
        Path document;
        try (InputStream in = getClass().getResourceAsStream("/openapi/petstore.yaml")) {
            document = Files.write(temp.resolve("petstore.yaml"), in.readAllBytes());
        }
        ServiceSettings petstore = options.apply(ServiceSettings.builder("petstore")
                        .baseUrl(upstream.baseUrl())
                        .methods(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.DELETE))
                        .retries(0)
                        .openapi("file:" + document)
                        .openapiOperations(List.of("listPets", "deletePet"))
                        .openapiScopes(Map.of("deletePet", "pets:admin")))
                .build();
        services = OutboundServices.builder().service(petstore).build();
        OpenApiTools.Builder tools = OpenApiTools.builder(services, "petstore")
                .documentFile(petstore.openapiFile().orElseThrow())
                .operations(petstore.openapiOperations());
        petstore.openapiScopes().forEach(tools::scope);
        tester = ToolTester.of(Bulwark.builder(BulwarkConfig.defaults())
                .pack(new ServicesPack(services, ApiToolSettings.defaults()))
                .pack(tools.build())
                .build());
        return tester;
    }

    private static Map<String, Object> request(String method, String path) {
        return Map.of("service", "petstore", "method", method, "path", path);
    }

    @Test
    void aCallerRefusedAnOperationCannotSendItThroughApiRequestNorReachAnUnlistedOne() throws IOException {
        upstream.on("DELETE pets/7", json(204, "{}"));
        upstream.on("POST pets", json(201, "{}"));
        ToolTester writer = serve(options -> options).caller("writer", ServiceTools.SCOPE, READ, WRITE);

        assertThat(writer.call("petstore_deletePet", Map.of("petId", "7")).errorType())
                .isEqualTo("permission_denied");
        CallOutcome<Object> around = writer.call("api_request", request("DELETE", "pets/7"));
        CallOutcome<Object> unlisted = writer.call("api_request", request("POST", "pets"));
        CallOutcome<Object> batch = writer.call(
                "batch_api_requests", Map.of("requests", List.of(request("DELETE", "pets/7"), request("GET", "pets"))));

        assertThat(around.errorType()).isEqualTo("service_refused");
        assertThat(around.text()).contains("called only through its OpenAPI operation tools", "Nothing was sent");
        assertThat(unlisted.errorType()).isEqualTo("service_refused");
        assertThat(batch.text()).doesNotContain("\"ok\":true");
        assertThat(upstream.requests()).isEmpty();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>)
                ((Map<String, Object>) writer.call("list_services", Map.of()).structured()).get("services");
        assertThat(listed.get(0).get("callerMethods")).isEqualTo(List.of());
    }

    @Test
    void apiRequestOpenedByTheServicesOptionsNeedsItsOwnScopeBesideTheMethodsScope() throws IOException {
        upstream.on("DELETE pets/7", json(204, "{}"));
        serve(options -> options.apiRequest(true));
        ToolTester writer = tester.caller("writer", ServiceTools.SCOPE, WRITE);
        ToolTester trusted = tester.caller("trusted", ServiceTools.SCOPE, WRITE, "services:petstore:api-request");
        ToolTester readerWithTheScope =
                tester.caller("reader", ServiceTools.SCOPE, READ, "services:petstore:api-request");

        CallOutcome<Object> refused = writer.call("api_request", request("DELETE", "pets/7"));
        assertThat(refused.errorType()).isEqualTo("permission_denied");
        assertThat(refused.text()).contains("services:petstore:api-request");
        assertThat(readerWithTheScope
                        .call("api_request", request("DELETE", "pets/7"))
                        .errorType())
                .isEqualTo("permission_denied");
        assertThat(upstream.requests()).isEmpty();

        assertThat(trusted.call("api_request", request("DELETE", "pets/7")).success())
                .isTrue();
        assertThat(upstream.hits("DELETE pets/7")).isEqualTo(1);
    }
}
