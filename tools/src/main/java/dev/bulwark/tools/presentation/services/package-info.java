/**
 * The service tools: {@code api_request}, {@code batch_api_requests} and {@code list_services}, over the services
 * registered by name; responses are presented as untrusted data.
 */
package dev.bulwark.tools.presentation.services;
