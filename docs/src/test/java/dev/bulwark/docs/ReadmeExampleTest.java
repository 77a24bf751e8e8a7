package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the README's tool-author example compiled, run and identical to {@link GreetServer}. */
class ReadmeExampleTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path HTTP_EXAMPLE =
            Path.of("src", "test", "java", "dev", "bulwark", "docs", "GreetHttpServer.java");
    private static final Path EXAMPLE = Path.of("src", "test", "java", "dev", "bulwark", "docs", "GreetServer.java");

    @Test
    void readmeShowsTheCompiledExampleVerbatim() throws Exception {
        String source = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        String example = source.substring(
                source.indexOf("// README:start\n") + "// README:start\n".length(), source.indexOf("// README:end"));

        assertThat(Files.readString(README, StandardCharsets.UTF_8)).contains(example);
    }

    @Test
    void readmeShowsTheCompiledHttpExampleVerbatim() throws Exception {
        String source = Files.readString(HTTP_EXAMPLE, StandardCharsets.UTF_8);
        String example = source.substring(source.indexOf("// README-HTTP:start\n") + "// README-HTTP:start\n".length(),
                source.indexOf("// README-HTTP:end"));

        assertThat(Files.readString(README, StandardCharsets.UTF_8)).contains(example);
    }

    @Test
    void exampleToolIsAtMostFifteenLinesOfJavaBesidesImportsAndRecords() throws Exception {
        String source = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        long lines = source.substring(source.indexOf("// README:start"), source.indexOf("// README:end")).lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("import ") && !line.startsWith("record ")
                        && !line.startsWith("//"))
                .count();

        assertThat(lines).isLessThanOrEqualTo(15);
    }

    @Test
    void exampleServerAnswersAToolCallOverStdio() throws Exception {
        String output = serve(call("{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}"), () -> { });

        assertThat(output).contains("Hello, Ada!").contains("\\\"message\\\":\\\"Hello, Ada!\\\"");
    }

    @Test
    void exampleServerNamesTheMissingFieldOfACallWithoutAToolName() throws Exception {
        String output = serve(call("{\"arguments\":{\"name\":\"Ada\"}}"), () -> { });

        assertThat(output).contains("Invalid params for tools/call: name is required");
    }

    @Test
    void exampleServerKeepsStrayPrintsOffTheProtocolStream() throws Exception {
        String output = serve(call("{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}"),
                () -> System.out.println("12:00:00.000 [main] DEBUG a log line of the application"));

        assertThat(output).contains("Hello, Ada!");
        assertThat(output.lines()).allSatisfy(line -> assertThat(line).startsWith("{\"jsonrpc\""));
    }

    private static String call(String params) {
        return String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"docs-test\",\"version\":\"1\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":" + params + "}",
                "");
    }

    /** Runs the example on {@code session} as its stdin; {@code whileServing} runs while the server answers. */
    private static String serve(String session, Runnable whileServing) {
        InputStream originalIn = System.in;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            System.setIn(new SlowInput(session.getBytes(StandardCharsets.UTF_8), whileServing));
            System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
            GreetServer.main(new String[0]);
        } finally {
            System.setIn(originalIn);
            System.setOut(originalOut);
        }
        return output.toString(StandardCharsets.UTF_8);
    }

    /** Gives the server time to answer before end of input, as a real client keeps stdin open while it waits. */
    private static final class SlowInput extends ByteArrayInputStream {
        private final Runnable whileWaiting;
        private boolean waited;

        SlowInput(byte[] bytes, Runnable whileWaiting) {
            super(bytes);
            this.whileWaiting = whileWaiting;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            if (available() == 0 && !waited) {
                waited = true;
                whileWaiting.run();
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.read(b, off, len);
        }

        @Override
        public synchronized int read() {
            if (available() == 0 && !waited) {
                waited = true;
                whileWaiting.run();
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.read();
        }
    }
}
