package dev.bulwark.tools.business.users;

import dev.bulwark.ports.users.User;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of users, oldest first, and the cursor of the next page. Immutable.
 *
 * @param users the users on this page
 * @param nextCursor the cursor that continues after this page; empty on the last page
 */
public record UserPage(List<User> users, Optional<String> nextCursor) {

    public UserPage {
        users = List.copyOf(users);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
