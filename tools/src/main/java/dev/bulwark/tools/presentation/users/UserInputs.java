package dev.bulwark.tools.presentation.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bulwark.core.ToolParam;
import java.util.Optional;

/** The input records of the user tools. Immutable. */
final class UserInputs {

    static final String USER_ID = "The user's id, as create_user or list_users returned it";

    private UserInputs() {}

    /**
     * {@code create_user}'s arguments.
     *
     * @param name the display name
     * @param email the email address, unique among users
     */
    public record CreateUser(
            @ToolParam(description = "Display name: 1-100 characters, no line breaks")
            String name,

            @ToolParam(description = "Email address; unique among users, compared case-insensitively")
            String email) {}

    /**
     * {@code get_user}'s and {@code delete_user}'s arguments.
     *
     * @param userId the user's id
     */
    public record UserId(
            @JsonProperty("user_id") @ToolParam(description = USER_ID)
            String userId) {}

    /**
     * {@code update_user}'s arguments: a new name, a new email, or both.
     *
     * @param userId the user's id
     * @param name the new name, if it changes
     * @param email the new email, if it changes
     */
    public record UpdateUser(
            @JsonProperty("user_id") @ToolParam(description = USER_ID)
            String userId,

            @ToolParam(description = "New display name, if it changes")
            Optional<String> name,

            @ToolParam(description = "New email address, if it changes")
            Optional<String> email) {}

    /**
     * {@code list_users}'s arguments.
     *
     * @param limit users per page
     * @param cursor where to continue
     */
    public record ListUsers(
            @ToolParam(description = "Users per page, 1-100; default 20")
            Optional<Integer> limit,

            @ToolParam(description = "The nextCursor of the previous page; omit for the first page")
            Optional<String> cursor) {}
}
