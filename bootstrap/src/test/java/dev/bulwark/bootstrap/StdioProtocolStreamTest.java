package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server jar over stdio, in this JVM as {@code main} runs it: stdout carries protocol messages only. */
class StdioProtocolStreamTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n";

    @Test
    void aStrayPrintWhileServingGoesToStderrNotIntoTheProtocolStream() throws Exception {
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(client, 1 << 16);
        ByteArrayOutputStream protocol = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream systemOut = System.out;
        PrintStream systemErr = System.err;
        System.setOut(new PrintStream(protocol, true, StandardCharsets.UTF_8)); // as main: stdout is the protocol
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            PrintStream stdout = System.out;
            PrintStream err = System.err;
            CompletableFuture<Integer> exit =
                    CompletableFuture.supplyAsync(() -> BulwarkServer.run(List.of(), Map.of(), stdin, stdout, err));
            client.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
            client.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!protocol.toString(StandardCharsets.UTF_8).contains("\"id\":1")) {
                assertThat(System.nanoTime()).as("the initialize answer").isLessThan(deadline);
                Thread.sleep(20);
            }

            System.out.println("a stray print");
            client.close();

            assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
        } finally {
            System.setOut(systemOut);
            System.setErr(systemErr);
        }
        ObjectMapper json = new ObjectMapper();
        List<String> lines = protocol.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines)
                .isNotEmpty()
                .allSatisfy(
                        line -> assertThat(json.readTree(line).path("jsonrpc").asText())
                                .as(line)
                                .isEqualTo("2.0"));
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("a stray print");
    }
}
