/**
 * Access to the user repository port, with its saturation failures translated for the caller.
 *
 * <p><b>{@link UserGateway}</b>: The data layer's access to a {@link UserRepository}: passes every call through,
 * and turns a saturated store ({@link DependencyBusyException}) into a "busy, retry shortly" failure for the
 * caller. An unreachable store ({@link dev.bulwark.ports.DependencyUnavailableException}) and a taken email ({@link
 * dev.bulwark.ports.users.DuplicateEmailException}) pass unchanged: the pipeline maps the first, the business layer
 * the second. Nothing is retried here. Thread-safe when the repository is.
 */
package dev.bulwark.tools.data.users;
