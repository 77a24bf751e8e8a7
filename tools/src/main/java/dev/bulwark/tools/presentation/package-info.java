/**
 * The reference packs' tools, one package per pack, and what their tools share: {@link
 * dev.bulwark.tools.presentation.UntrustedData}, how stored text reaches a model.
 *
 * <p><b>{@link UntrustedData}</b>: Presents content from outside the server (the database, a registered service) to
 * a model as data, not instructions: a warning line, then the content as JSON (so every quote and line break in it
 * is escaped) between an opening and a closing marker that carry a random boundary drawn for each answer. Content
 * cannot fake the closing marker, because it cannot know the boundary. Every reference tool that answers with
 * stored or fetched text (the SQL tools' rows and catalog names, the user tools' names and emails, the service
 * tools' responses) renders it here; the summary before the block must hold none of it. Thread-safe.
 */
package dev.bulwark.tools.presentation;
