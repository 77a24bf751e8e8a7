/**
 * The user tools: create_user, get_user, update_user, list_users and delete_user.
 *
 * <p><b>{@link UserTools}</b>: The user tools, over a {@link UserService}: {@code create_user}, {@code
 * update_user}, {@code delete_user} (scope {@value UserTools#WRITE_SCOPE}) and {@code get_user}, {@code list_users}
 * (scope {@value UserTools#READ_SCOPE}). Users' names and emails are stored text anyone with the write scope chose:
 * the text content presents them as {@link UntrustedData}, never in the server's own words.
 *
 * <p>{@code get_user} is cached and <em>shared</em> across callers for {@link UserTools#GET_USER_TTL}: a user
 * record is the same whoever reads it (access is decided by the scope, which the pipeline checks before the cache),
 * and a shared entry has exactly one key per user, so {@code update_user} and {@code delete_user} can evict it
 * after their write commits. A private entry per caller could not be evicted for every caller. The short TTL bounds
 * how long a read that raced a write can serve the old record. Stateless factories; the tools are immutable and
 * thread-safe.
 */
package dev.bulwark.tools.presentation.users;
