package dev.bulwark.docs;

// tool-authors-asking:start
import dev.bulwark.core.ElicitationResult;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import java.util.List;
import java.util.Map;

final class AskingTheClientExample {

    record BookInput(@ToolParam(description = "The room to book") String room) {}

    /** Where bookings are made: the side effect. */
    interface Bookings {
        String book(String room);
    }

    static Tool<BookInput, Void> bookRoom(Bookings bookings) {
        Map<String, Object> form = Map.of("type", "object",
                "properties", Map.of("confirm", Map.of("type", "boolean")),
                "required", List.of("confirm"));
        return Tool.builder("book_room", BookInput.class, Void.class)
                .description("Books a meeting room once the user confirms")
                .handler((input, context) -> {
                    // Ask first. For a 2026-07-28 client this ends the call with input_required,
                    // and the handler runs again from the top when the client sends the answer.
                    ElicitationResult answer = context.elicit("Book " + input.room() + "?", form);
                    if (!answer.accepted() || !Boolean.TRUE.equals(answer.content().get("confirm"))) {
                        return ToolResult.text("Not booked.");
                    }
                    // The side effect comes after the last ask: it runs once.
                    return ToolResult.text("Booked: " + bookings.book(input.room()));
                })
                .build();
    }
}
// tool-authors-asking:end
