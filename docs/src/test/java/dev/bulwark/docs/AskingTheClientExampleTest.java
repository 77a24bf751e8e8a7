package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ClientFeatureUnavailableException;
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
    void nothingIsBookedWhenTheClientCannotBeAsked() {
        AtomicInteger booked = new AtomicInteger();
        var tool = AskingTheClientExample.bookRoom(room -> "#" + booked.incrementAndGet());

        assertThatThrownBy(() -> tool.handler().handle(new AskingTheClientExample.BookInput("blue"),
                new TestCallContext("book_room"))).isInstanceOf(ClientFeatureUnavailableException.class);
        assertThat(booked).hasValue(0);
    }
}
