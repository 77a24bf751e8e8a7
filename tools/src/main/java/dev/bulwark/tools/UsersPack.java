package dev.bulwark.tools;

import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolPackContext;
import dev.bulwark.ports.users.UserRepository;
import dev.bulwark.tools.business.users.UserService;
import dev.bulwark.tools.presentation.users.UserTools;
import java.util.Objects;

/**
 * The users pack: {@code create_user}, {@code get_user}, {@code update_user}, {@code list_users},
 * {@code delete_user} on a {@link UserRepository} ({@link UserTools}). Immutable.
 */
public final class UsersPack implements ToolPack {

    private final UserRepository repository;

    /** @param repository where the users are kept */
    public UsersPack(UserRepository repository) {
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    @Override
    public void register(ToolPackContext pack) {
        UserService users = UserService.on(repository, pack.clock());
        pack.tools(UserTools.create(users, pack.cache()));
    }
}
