package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ClientFeatureUnavailableException;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.ElicitationResult;
import dev.bulwark.test.ToolTester;
import java.util.Map;
import java.util.function.Function;
import dev.bulwark.test.TestCallContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The asking example of docs/tool-authors.md: the page shows it verbatim, and it books nothing before the answer. */
class AskingTheClientExampleTest {

    @Test
    void toolAuthorsPageShowsTheCompiledExampleVerbatim() throws IOException {
        String source = Files.readString(
                Path.of("src/test/java/dev/bulwark/docs/AskingTheClientExample.java"), StandardCharsets.UTF_8);
        String start = "// tool-authors-asking:start\n";
        String example = source.substring(source.indexOf(start) + start.length(),
                source.indexOf("// tool-authors-asking:end"));

        assertThat(Files.readString(Path.of("tool-authors.md"), StandardCharsets.UTF_8)).contains(example);
    }

    @Test
    void aClientOfEitherEraConfirmsAndTheRoomIsBookedOnce() {
        AtomicInteger booked = new AtomicInteger();
        var tool = AskingTheClientExample.bookRoom(room -> room + " #" + booked.incrementAndGet());
        Function<ClientRequest, Object> yes = request ->
                new ElicitationResult(ElicitationResult.Action.ACCEPT, Map.of("confirm", true));

        try (ToolTester tester = ToolTester.of(tool)) {
            assertThat(tester.answering(yes).call("book_room", Map.of("room", "blue")).text())
                    .isEqualTo("Booked: blue #1");
            assertThat(tester.answeringInRounds(yes).call("book_room", Map.of("room", "red")).text())
                    .isEqualTo("Booked: red #2"); // two runs of the handler, one booking
        }
        assertThat(booked).hasValue(2);
    }

    @Test
    void nothingIsBookedWhenTheClientCannotBeAsked() {
        AtomicInteger booked = new AtomicInteger();
        var tool = AskingTheClientExample.bookRoom(room -> "#" + booked.incrementAndGet());

        assertThatThrownBy(() -> tool.handler().handle(new AskingTheClientExample.BookInput("blue"),
                new TestCallContext("book_room"))).isInstanceOf(ClientFeatureUnavailableException.class);
        assertThat(booked).hasValue(0);
    }
}
