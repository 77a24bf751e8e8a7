/**
 * The OpenAPI tools' rules: how a service's OpenAPI document is read without fetching anything else (only references
 * inside the document are followed), which of its operations are served (only those an operator lists), how each
 * becomes a tool's schemas, and how a call's arguments become one request.
 */
package dev.bulwark.tools.business.openapi;
