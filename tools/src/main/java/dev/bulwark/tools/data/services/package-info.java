/**
 * The service tools' access to the {@link dev.bulwark.ports.outbound.ServiceClient} port.
 *
 * <p><b>{@link ServiceAccess}</b>: The data layer's access to the registered services: passes every call through to
 * the {@link ServiceClient}, whose adapter bounds, retries and guards it. Nothing is retried here. Thread-safe when
 * the client is.
 */
package dev.bulwark.tools.data.services;
