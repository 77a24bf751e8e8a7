/**
 * Where the user tools keep their users: the repository port and the values it speaks in.
 *
 * <p><b>{@link UserRepository}</b>: Stores the users of the user tools. The core validates and normalizes every
 * value before it reaches the repository (ids, timestamps, lower-cased emails), so an implementation only stores,
 * finds and orders them.
 *
 * <p>Implementations must be thread-safe, and each method must be atomic: a failed call changes nothing. Failures
 * are reported as port exceptions: {@link DuplicateEmailException} for a taken email, {@link
 * dev.bulwark.ports.DependencyUnavailableException} when the store cannot be reached (the outcome of a write that
 * failed this way is unknown, and the core never retries it), and {@link dev.bulwark.ports.DependencyBusyException}
 * when it is saturated.
 *
 * <p><b>{@link User}</b>: A stored user. The id never changes once given; {@code email} is unique among users (the
 * core stores it lower-cased, so the uniqueness is case-insensitive). Immutable.
 *
 * <p><b>{@link UserPosition}</b>: A place in the list of users ordered by {@code createdAt}, then {@code id}: the
 * last user of a page. Listing "after" a position is keyset pagination, so a page never repeats or skips a user
 * because others were created or deleted meanwhile. Immutable.
 *
 * <p><b>{@link DuplicateEmailException}</b>: A create or update would give a user an email another user already
 * has. Nothing was changed. The message does not repeat the address (it is personal data); the caller knows which
 * one it sent.
 */
package dev.bulwark.ports.users;
