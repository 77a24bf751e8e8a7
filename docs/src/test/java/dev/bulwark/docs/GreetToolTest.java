package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Tool;
import dev.bulwark.docs.GreetServer.GreetInput;
import dev.bulwark.docs.GreetServer.Greeting;
import dev.bulwark.test.ToolTester;
import java.util.Map;
import org.junit.jupiter.api.Test;

// tool-authors-testing:start
class GreetToolTest {

    private final Tool<GreetInput, Greeting> greet = GreetServer.greetTool();

    @Test
    void greetsByNameAndRefusesACallWithoutOne() {
        try (ToolTester tester = ToolTester.of(greet)) {
            assertThat(tester.call(greet, new GreetInput("Ada")).value().message()).isEqualTo("Hello, Ada!");
            assertThat(tester.call("greet", Map.of()).errorType()).isEqualTo("invalid_arguments");
        }
    }
}
// tool-authors-testing:end
