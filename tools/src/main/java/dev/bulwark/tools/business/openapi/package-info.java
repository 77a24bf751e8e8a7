/**
 * The OpenAPI tools' rules: how a service's OpenAPI document is read without fetching anything else, which of its
 * operations are served, how each becomes a tool's schemas, and how a call's arguments become one request.
 *
 * <p>Choice: only references inside the document ({@code #/...}) are followed; a reference to another file or
 * host refuses the document. Why: a relative file reference would make the server read its own disk on the
 * document's say, and a remote one would make it fetch an address the document names. A multi-file document is
 * bundled into one first ({@code redocly bundle}, {@code swagger-cli bundle}).
 *
 * <p>Choice: no operation is served until it is listed. Why: a document describes everything a service can do,
 * deletes included; serving only what an operator names keeps a new operation in the document from becoming a tool
 * on its own.
 */
package dev.bulwark.tools.business.openapi;
