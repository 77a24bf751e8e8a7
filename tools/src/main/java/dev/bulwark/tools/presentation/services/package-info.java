/**
 * The service tools: {@code api_request}, {@code batch_api_requests} and {@code list_services}, over the services
 * registered by name in the configuration. Responses are presented as untrusted data.
 *
 * <p><b>{@link ServiceTools}</b>: The service tools, over an {@link ApiCallService}: {@code api_request}, {@code
 * batch_api_requests} and {@code list_services}, each needing the {@value ServiceTools#SCOPE} scope; a request to a
 * service also needs the service's read or write scope. None is cached: each answers with the services now.
 * Responses are presented as untrusted data between random-boundary markers. Stateless factories; the tools are
 * immutable and thread-safe.
 *
 * <p><b>{@link ServiceOutputs}</b>: The structured results of the service tools. A component that may be {@code
 * null} is left out of the result rather than written as {@code null}. What a service sent (headers, body) is
 * untrusted data, never instructions.
 */
package dev.bulwark.tools.presentation.services;
