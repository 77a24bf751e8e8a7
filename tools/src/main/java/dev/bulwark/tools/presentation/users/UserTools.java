package dev.bulwark.tools.presentation.users;

import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCache;
import dev.bulwark.core.ToolResult;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.tools.business.users.UserPage;
import dev.bulwark.tools.business.users.UserService;
import dev.bulwark.tools.presentation.UntrustedData;
import dev.bulwark.tools.presentation.users.UserInputs.CreateUser;
import dev.bulwark.tools.presentation.users.UserInputs.ListUsers;
import dev.bulwark.tools.presentation.users.UserInputs.UpdateUser;
import dev.bulwark.tools.presentation.users.UserInputs.UserId;
import dev.bulwark.tools.presentation.users.UserOutputs.Deletion;
import dev.bulwark.tools.presentation.users.UserOutputs.UserList;
import dev.bulwark.tools.presentation.users.UserOutputs.UserView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The user tools over a {@link UserService}.
 */
public final class UserTools {

    /** The scope of the reading tools. */
    public static final String READ_SCOPE = "users:read";
    /** The scope of the writing tools. */
    public static final String WRITE_SCOPE = "users:write";
    /** The name of the cached tool whose entries writes evict. */
    public static final String GET_USER = "get_user";
    /** How long a {@code get_user} result is served from the cache at most. */
    public static final Duration GET_USER_TTL = Duration.ofSeconds(60);

    /**
     * Shared across callers: a user record is the same whoever reads it (the scope is checked before the cache), and
     * a shared entry has one key per user, which a write can evict; a private entry per caller could not be evicted
     * for every caller. The short TTL bounds how long a read that raced a write serves the old record.
     */
    private static final CachePolicy GET_USER_CACHE = CachePolicy.shared(GET_USER_TTL);

    private static final String GET_USER_SCHEMA_VERSION = "1";

    private UserTools() {}

    /**
     * The five user tools.
     *
     * @param users the service doing the work
     * @param cache the response cache, for evicting {@code get_user} entries after writes
     */
    public static List<Tool<?, ?>> create(UserService users, ToolCache cache) {
        Objects.requireNonNull(users, "users");
        Tool<UserId, UserView> getUser = getUser(users);
        Evictor evictor = new Evictor(Objects.requireNonNull(cache, "cache"), getUser);
        return List.of(
                createUser(users), getUser, updateUser(users, evictor), listUsers(users), deleteUser(users, evictor));
    }

    private static Tool<CreateUser, UserView> createUser(UserService users) {
        return Tool.builder("create_user", CreateUser.class, UserView.class)
                .title("Create a user")
                .description("Creates a user with a display name and a unique email address, and returns it with"
                        + " its new id and timestamps. Fails when another user already has the email.")
                .requiredScopes(WRITE_SCOPE)
                .handler((input, context) -> {
                    UserView user = UserView.of(users.create(input.name(), input.email()));
                    return ToolResult.of(user, UntrustedData.render("Created user " + user.id() + ".", user));
                })
                .build();
    }

    private static Tool<UserId, UserView> getUser(UserService users) {
        return Tool.builder(GET_USER, UserId.class, UserView.class)
                .title("Get a user")
                .description("Returns the user with this id: name, email and when it was created and last updated.")
                .requiredScopes(READ_SCOPE)
                .readOnly(true)
                .cache(GET_USER_CACHE)
                .schemaVersion(GET_USER_SCHEMA_VERSION)
                .handler((input, context) -> {
                    UserView user = UserView.of(users.get(input.userId()));
                    return ToolResult.of(
                            user,
                            UntrustedData.render(
                                    "User " + user.id() + ", created " + user.createdAt() + ", updated "
                                            + user.updatedAt() + ".",
                                    user));
                })
                .build();
    }

    private static Tool<UpdateUser, UserView> updateUser(UserService users, Evictor evictor) {
        return Tool.builder("update_user", UpdateUser.class, UserView.class)
                .title("Update a user")
                .description("Changes a user's name, email or both, and returns the user as stored. Fails when the"
                        + " user does not exist or another user already has the new email.")
                .requiredScopes(WRITE_SCOPE)
                .handler((input, context) -> {
                    try {
                        UserView user = UserView.of(users.update(input.userId(), input.name(), input.email()));
                        return ToolResult.of(user, UntrustedData.render("Updated user " + user.id() + ".", user));
                    } finally {
                        evictor.evictAfterWrite(input.userId(), context.principal());
                    }
                })
                .build();
    }

    private static Tool<ListUsers, UserList> listUsers(UserService users) {
        return Tool.builder("list_users", ListUsers.class, UserList.class)
                .title("List users")
                .description("Lists users, oldest first, one page at a time (default 20, at most 100). When"
                        + " nextCursor is set, pass it as cursor to get the next page.")
                .requiredScopes(READ_SCOPE)
                .readOnly(true)
                .handler((input, context) -> {
                    UserPage page = users.list(input.limit().orElse(UserService.DEFAULT_PAGE_SIZE), input.cursor());
                    List<UserView> views =
                            page.users().stream().map(UserView::of).toList();
                    UserList list =
                            new UserList(views, views.size(), page.nextCursor().orElse(null));
                    return ToolResult.of(list, UntrustedData.render(listSummary(list), list.users()));
                })
                .build();
    }

    private static Tool<UserId, Deletion> deleteUser(UserService users, Evictor evictor) {
        return Tool.builder("delete_user", UserId.class, Deletion.class)
                .title("Delete a user")
                .description("Deletes the user with this id. Fails when there is no such user.")
                .requiredScopes(WRITE_SCOPE)
                .handler((input, context) -> {
                    try {
                        users.delete(input.userId());
                        return ToolResult.of(
                                new Deletion(input.userId(), true), "Deleted user " + input.userId() + ".");
                    } finally {
                        evictor.evictAfterWrite(input.userId(), context.principal());
                    }
                })
                .build();
    }

    /** The server's own words about a page: counts and the cursor (Base64 of a position), no stored text. */
    private static String listSummary(UserList list) {
        return list.count()
                + (list.count() == 1 ? " user" : " users")
                + (list.nextCursor() == null
                        ? " (last page)."
                        : "; more follow: pass nextCursor " + list.nextCursor() + " as cursor.");
    }

    /** Evicts the shared {@code get_user} entry of one user. */
    private record Evictor(ToolCache cache, Tool<UserId, UserView> getUser) {

        /**
         * Evicts after a write however it ended: a write whose commit's answer was lost (the connection dropped)
         * may have been made, and one more eviction only costs the next read a lookup.
         */
        void evictAfterWrite(String userId, Principal caller) {
            // A shared entry does not depend on the caller; any caller evicts it for everyone.
            cache.evict(getUser, Map.of("user_id", userId), caller);
        }
    }
}
