package dev.bulwark.tools.presentation.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bulwark.core.ToolParam;
import dev.bulwark.ports.users.User;
import java.util.List;

/** The structured results of the user tools. Immutable. */
final class UserOutputs {

    private UserOutputs() {}

    /**
     * One user.
     *
     * @param id the stable id
     * @param name the display name
     * @param email the email address, lower-cased
     * @param createdAt when it was created, ISO-8601 UTC
     * @param updatedAt when it was last changed, ISO-8601 UTC
     */
    public record UserView(String id, String name, String email, String createdAt, String updatedAt) {

        static UserView of(User user) {
            return new UserView(
                    user.id(),
                    user.name(),
                    user.email(),
                    user.createdAt().toString(),
                    user.updatedAt().toString());
        }
    }

    /**
     * A page of users.
     *
     * @param users the users, oldest first
     * @param count how many users are on this page
     * @param nextCursor pass it as {@code cursor} for the next page; absent on the last page
     */
    public record UserList(
            List<UserView> users,
            int count,

            @ToolParam(description = "Pass it as cursor for the next page; absent on the last page", required = false)
            @JsonInclude(JsonInclude.Include.NON_NULL)
            String nextCursor) {}

    /**
     * What {@code delete_user} did.
     *
     * @param id the deleted user's id
     * @param deleted always {@code true}: a missing user is an error
     */
    public record Deletion(String id, boolean deleted) {}
}
