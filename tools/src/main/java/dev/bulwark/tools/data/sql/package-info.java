/**
 * Access to the SQL gateway port, with its saturation failures translated for the caller.
 *
 * <p><b>{@link SqlGatewayAccess}</b>: The data layer's access to a {@link SqlGateway}: passes every call through
 * and turns a saturated database ({@link DependencyBusyException}) into a "busy, retry shortly" failure. Statement
 * failures and outages pass unchanged. Nothing is retried here. Thread-safe when the gateway is.
 */
package dev.bulwark.tools.data.sql;
