/**
 * The OpenAPI tools: one tool per chosen operation of a registered service's OpenAPI document, with that
 * operation's arguments and answer as its schemas, calling through the same path as {@code api_request}.
 */
package dev.bulwark.tools.presentation.openapi;
