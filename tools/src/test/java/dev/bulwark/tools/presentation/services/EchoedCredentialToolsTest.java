package dev.bulwark.tools.presentation.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.outbound.CapturedLogs;
import dev.bulwark.outbound.FakeService;
import dev.bulwark.outbound.OutboundServices;
import dev.bulwark.outbound.ServiceSettings;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceResponse;
import dev.bulwark.test.CallOutcome;
import dev.bulwark.test.ToolTester;
import dev.bulwark.tools.ServicesPack;
import dev.bulwark.tools.business.services.ApiToolSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code api_request} and {@code batch_api_requests} against real services that echo the request they received, in
 * every form {@link FakeService#echoes()} gives it, one service per header a credential can be sent in: no result,
 * and no log line, holds a service's credential.
 */
class EchoedCredentialToolsTest {

    private static final String BEARER_SECRET = "b3arer/s3cret+tok=en&<x>";
    private static final String KEY_SECRET = "k3y~s3cret%2Fval;ue";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeService bearerEcho = FakeService.start();
    private final FakeService keyEcho = FakeService.start();
    private OutboundServices services;
    private ToolTester tester;
    private ToolTester caller;
    private CapturedLogs logs;

    @BeforeEach
    void start() {
        FakeService.echoes().forEach((name, echo) -> {
            bearerEcho.on("GET echo/" + name, echo);
            keyEcho.on("GET echo/" + name, echo);
        });
        services = OutboundServices.builder()
                .service(echoing("bearer", bearerEcho, "Authorization", BEARER_SECRET))
                .service(echoing("keyed", keyEcho, "X-Api-Key", KEY_SECRET))
                .build();
        tester = ToolTester.of(Bulwark.builder(BulwarkConfig.defaults())
                .pack(new ServicesPack(services, ApiToolSettings.defaults().withBatchTimeout(Duration.ofMinutes(2))))
                .build());
        caller = tester.caller("agent", ServiceTools.SCOPE, "services:bearer:read", "services:keyed:read");
        logs = CapturedLogs.start();
    }

    @AfterEach
    void stop() {
        logs.close();
        tester.close();
        services.close();
        bearerEcho.close();
        keyEcho.close();
    }

    private static ServiceSettings echoing(String name, FakeService upstream, String header, String secret) {
        return ServiceSettings.builder(name)
                .baseUrl(upstream.baseUrl())
                .description("Echoes requests.")
                .methods(EnumSet.of(HttpMethod.GET))
                .timeout(Duration.ofSeconds(10))
                .retries(0)
                .credentialHeader(header)
                .credential(Optional.of(secret))
                .build();
    }

    private static Map<String, Object> get(String service, String echo) {
        return Map.of("service", service, "method", "GET", "path", "echo/" + echo);
    }

    @Test
    void apiRequestNeverReturnsTheCredentialWhateverFormTheServiceEchoesItIn() throws Exception {
        for (String service : List.of("bearer", "keyed")) {
            for (String echo : FakeService.echoes().keySet()) {
                CallOutcome<Object> outcome = caller.call("api_request", get(service, echo));

                assertThat(outcome.success()).as("%s %s", service, echo).isTrue();
                assertNoCredential(service + " " + echo, outcome);
                if (!echo.equals("utf16")) {
                    assertThat(outcome.text()).as("%s %s", service, echo).contains(ServiceResponse.REDACTED);
                }
            }
        }
        CallOutcome<Object> json = caller.call("api_request", get("bearer", "json"));
        assertThat(JSON.valueToTree(json.structured())
                        .at("/json/headers/Authorization")
                        .asText())
                .as("the header that carried it, scheme and all")
                .isEqualTo(ServiceResponse.REDACTED);
        assertThat(JSON.valueToTree(json.structured())
                        .at("/headers/cache-control")
                        .asText())
                .contains("Authorization: " + ServiceResponse.REDACTED);
        assertThat(bearerEcho.requests())
                .allSatisfy(request ->
                        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + BEARER_SECRET));
        assertThat(keyEcho.requests())
                .allSatisfy(request -> assertThat(request.headers()).containsEntry("X-Api-Key", KEY_SECRET));
        assertNoCredentialLogged();
    }

    @Test
    void batchApiRequestsNeverReturnsTheCredentialWhateverFormTheServiceEchoesItIn() throws Exception {
        for (String service : List.of("bearer", "keyed")) {
            List<Map<String, Object>> requests = FakeService.echoes().keySet().stream()
                    .map(echo -> get(service, echo))
                    .toList();

            CallOutcome<Object> outcome = caller.call("batch_api_requests", Map.of("requests", requests));

            assertThat(outcome.success()).as(service).isTrue();
            assertThat(JSON.valueToTree(outcome.structured()).get("succeeded").asInt())
                    .as(service)
                    .isEqualTo(requests.size());
            assertNoCredential("batch " + service, outcome);
            assertThat(outcome.text()).as(service).contains(ServiceResponse.REDACTED);
        }
        assertThat(bearerEcho.requests()).hasSize(FakeService.echoes().size());
        assertThat(keyEcho.requests()).hasSize(FakeService.echoes().size());
        assertNoCredentialLogged();
    }

    private static void assertNoCredential(String what, CallOutcome<Object> outcome) throws Exception {
        String seen = outcome.text() + "\n" + JSON.writeValueAsString(outcome.structured());
        for (String form : forms()) {
            assertThat(seen).as("%s: %s", what, form).doesNotContain(form);
        }
    }

    private void assertNoCredentialLogged() {
        List<String> lines = logs.lines();
        assertThat(lines).as("the pipeline logged the calls").isNotEmpty();
        for (String form : forms()) {
            assertThat(lines).noneSatisfy(line -> assertThat(line).contains(form));
        }
    }

    /** Each credential, the header value that carried it, their URL encodings and their base64 forms. */
    private static List<String> forms() {
        List<String> forms = new ArrayList<>();
        for (String value : List.of(BEARER_SECRET, "Bearer " + BEARER_SECRET, KEY_SECRET)) {
            forms.add(value);
            forms.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        for (String secret : List.of(BEARER_SECRET, KEY_SECRET)) {
            for (String pad : List.of("", "a", "ab")) {
                String encoded = Base64.getEncoder().encodeToString((pad + secret).getBytes(StandardCharsets.US_ASCII));
                String core = encoded.substring((8 * pad.length() + 5) / 6, 8 * (pad.length() + secret.length()) / 6);
                forms.add(core);
                forms.add(core.replace('+', '-').replace('/', '_'));
            }
        }
        return forms;
    }
}
