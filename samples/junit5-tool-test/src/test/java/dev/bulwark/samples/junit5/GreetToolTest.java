package dev.bulwark.samples.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.test.ToolTester;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.util.ClassLoaderUtils;

/** A tool tested through the real pipeline with bulwark-test, on JUnit 5. */
class GreetToolTest {

    record GreetInput(String name) {
    }

    record Greeting(String message) {
    }

    static final Tool<GreetInput, Greeting> GREET = Tool.builder("greet", GreetInput.class, Greeting.class)
            .description("Greets someone by name")
            .handler((input, context) -> ToolResult.of(new Greeting("Hello, " + input.name() + "!")))
            .build();

    @Test
    void runsOnJunit5() {
        assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("5.");
        assertThat(ClassLoaderUtils.class.getPackage().getImplementationVersion()).startsWith("1.");
    }

    @Test
    void greetsThroughThePipelineAndRefusesBadArguments() {
        try (ToolTester tester = ToolTester.of(GREET)) {
            assertThat(tester.call(GREET, new GreetInput("Ada")).value().message()).isEqualTo("Hello, Ada!");
            assertThat(tester.call("greet", Map.of()).errorType()).isEqualTo("invalid_arguments");
        }
    }
}
