package dev.bulwark.tools.business.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceCallException;
import dev.bulwark.ports.outbound.ServiceFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every way a service call can fail is told to the caller in the server's own words, naming only the service. */
class ApiCallServiceFailureTest {

    @Test
    void everyFailureHasAMessageWithoutTheAdaptersDetails() {
        for (ServiceFailure kind : ServiceFailure.values()) {
            ServiceCallException cause = new ServiceCallException(
                    "orders", kind, 3, "service orders: connect to 10.0.0.7:8443 failed (orders-db.internal)");

            ServiceCallFailedException failure = ApiCallService.failure(cause, HttpMethod.GET);

            assertThat(failure.getMessage())
                    .as("%s", kind)
                    .contains("orders")
                    .doesNotContain("10.0.0.7")
                    .doesNotContain("internal");
            assertThat(failure.errorType())
                    .as("%s", kind)
                    .isIn("service_refused", "service_unavailable", "busy", "timeout");
            assertThat(failure.getCause()).isSameAs(cause);
        }
    }

    @Test
    void transientFailuresSayHowManyAttemptsWereMade() {
        ServiceCallException timeout = new ServiceCallException("orders", ServiceFailure.TIMEOUT, 3, "x");
        ServiceCallException open = new ServiceCallException("orders", ServiceFailure.CIRCUIT_OPEN, 0, "x");

        assertThat(ApiCallService.failure(timeout, HttpMethod.GET).getMessage())
                .isEqualTo("Service 'orders' did not answer in time (3 attempts). Try again later.");
        assertThat(ApiCallService.failure(open, HttpMethod.GET).getMessage())
                .contains("refused for a while without being sent");
        assertThat(ApiCallService.failure(open, HttpMethod.GET).errorType()).isEqualTo("service_unavailable");
    }

    @Test
    void aRequestThatMayHaveReachedTheServiceIsNotToBeSentAgainBlindlyWhenItsMethodIsNotIdempotent() {
        for (ServiceFailure kind : List.of(
                ServiceFailure.TIMEOUT,
                ServiceFailure.UNREACHABLE,
                ServiceFailure.PROTOCOL_ERROR,
                ServiceFailure.CANCELLED,
                ServiceFailure.REDIRECT_REFUSED,
                ServiceFailure.RESPONSE_TOO_LARGE)) {
            ServiceCallException cause = new ServiceCallException("orders", kind, 1, "x");

            assertThat(ApiCallService.failure(cause, HttpMethod.POST).getMessage())
                    .as("%s", kind)
                    .endsWith("may have acted on it: check before sending it again.")
                    .doesNotContain("Try again later");
            assertThat(ApiCallService.failure(cause, HttpMethod.PUT).getMessage())
                    .as("%s", kind)
                    .doesNotContain("may have acted");
        }
    }

    @Test
    void aRequestWhoseConnectionNeverOpenedMayBeSentAgainWhateverItsMethod() {
        for (ServiceFailure kind : List.of(ServiceFailure.UNREACHABLE, ServiceFailure.TIMEOUT)) {
            ServiceCallException cause = new ServiceCallException("orders", kind, 1, false, "x");

            assertThat(ApiCallService.failure(cause, HttpMethod.POST).getMessage())
                    .as("%s", kind)
                    .doesNotContain("may have acted")
                    .endsWith("Try again later.");
        }
        assertThat(ApiCallService.failure(
                                new ServiceCallException("orders", ServiceFailure.UNREACHABLE, 1, false, "x"),
                                HttpMethod.POST)
                        .getMessage())
                .isEqualTo("Service 'orders' could not be reached; nothing was sent to it. Try again later.");
    }

    @Test
    void aRequestThatCannotHaveBeenSentMayBeSentAgainWhateverItsMethod() {
        for (ServiceFailure kind : List.of(
                ServiceFailure.CIRCUIT_OPEN,
                ServiceFailure.BUSY,
                ServiceFailure.PATH_REFUSED,
                ServiceFailure.NOT_REGISTERED,
                ServiceFailure.METHOD_NOT_ALLOWED)) {
            ServiceCallException cause = new ServiceCallException("orders", kind, 0, "x");

            assertThat(ApiCallService.failure(cause, HttpMethod.POST).getMessage())
                    .as("%s", kind)
                    .doesNotContain("may have acted");
        }
    }
}
