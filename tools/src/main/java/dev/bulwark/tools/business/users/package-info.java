/**
 * The user service behind the user tools: validation, ids, timestamps, cursors and conflicts.
 *
 * <p><b>{@link UserCursor}</b>: The opaque cursor {@code list_users} hands out: a URL-safe Base64 form of the last
 * listed user's position ({@code v1:<createdAt in epoch microseconds>:<id>}). Callers must treat it as opaque; a
 * cursor that does not decode is refused with a clear message. It is not signed: it carries only a position in a
 * list the caller may read whole, so a made-up one only starts a page elsewhere. Its time must lie in the years 1
 * to 9999, which every supported database stores and every time this server hands out lies in; one outside is not a
 * cursor it issued (the stores did not fail on one, but what they compare it with is their driver's business).
 * Stateless and thread-safe.
 *
 * <p><b>{@link UserRules}</b>: The rules a user's values must follow, and their normal forms. Names are trimmed,
 * must not be blank, must not hold control characters or lone UTF-16 surrogates, and are at most {@value
 * UserRules#MAX_NAME_LENGTH} characters. Emails are trimmed and lower-cased (so uniqueness ignores case) and must
 * be a syntactically real address: a dot-atom local part of at most 64 characters, an {@code @}, and a domain of at
 * least two DNS labels (letters, digits, inner hyphens; a top-level label of letters or {@code xn--} punycode), at
 * most {@value UserRules#MAX_EMAIL_LENGTH} characters in all. Quoted local parts and IP-literal domains are
 * refused. Ids are lower-case UUIDs. Stateless and thread-safe.
 *
 * <p><b>{@link UserService}</b>: Creates, reads, updates, lists and deletes users. Validates and normalizes every
 * value ({@link UserRules}), gives each new user a random UUID that never changes, stamps creation and update times
 * from the injected clock (to the microsecond, the precision every store keeps), and pages with opaque keyset
 * cursors ({@link UserCursor}). Failures are client errors with a clear message: {@link InvalidUserInputException},
 * {@link UserNotFoundException}, {@link UserConflictException}. Thread-safe.
 */
package dev.bulwark.tools.business.users;
