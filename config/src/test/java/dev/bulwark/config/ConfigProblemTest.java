package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigProblemTest {

    @Test
    void renders_the_key_the_reason_and_the_fix_as_one_line() {
        ConfigProblem problem =
                ConfigProblem.of("http.management-port", "is the same as http.port (8080)", "give it another port");

        assertThat(problem.path()).isEqualTo("http.management-port");
        assertThat(problem.detail()).isEqualTo("is the same as http.port (8080): give it another port");
        assertThat(problem.message())
                .isEqualTo("http.management-port is the same as http.port (8080): give it another port");
        assertThat(problem).hasToString(problem.message());
    }

    @Test
    void a_problem_without_a_fix_is_its_key_and_reason() {
        ConfigProblem problem = ConfigProblem.of("tracing.endpoint", "is not a URL");

        assertThat(problem.fix()).isEmpty();
        assertThat(problem.message()).isEqualTo("tracing.endpoint is not a URL");
    }

    @Test
    void refuses_a_problem_without_a_key_or_a_reason() {
        assertThatThrownBy(() -> ConfigProblem.of(" ", "is wrong")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfigProblem.of("a.b", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
