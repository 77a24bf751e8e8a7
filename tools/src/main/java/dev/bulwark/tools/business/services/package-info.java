/**
 * The service tools' rules: who may call which registered service with which method, how a request is built, how a
 * response is read (JSON, text or neither), how a failure is told to a caller without internals, and how a batch
 * runs concurrently under a bound and a deadline.
 *
 * <p><b>{@link ApiResult}</b>: What a service answered, read for a model: the body as JSON when it is JSON, as text
 * when it is text, and left out otherwise (binary). The headers and body are the service's content: untrusted data.
 * Immutable as long as no one mutates the JSON.
 *
 * <p><b>{@link ApiCallService}</b>: The service tools' business: a caller reaches a registered service only with
 * the service's read scope (reading methods) or write scope (the others), only with a method the service allows,
 * and a body only with a method that takes one. Responses are read for a model: JSON when the service says JSON and
 * it parses, text when it is text, nothing when it is binary. A 5xx answer and every failure become a {@link
 * ServiceCallFailedException} whose message says what happened and never quotes the upstream. A batch runs its
 * requests concurrently, at most {@link ApiToolSettings#batchConcurrency()} at once, until its deadline; each
 * request ends on its own. Thread-safe.
 *
 * <p><b>{@link ServiceCallFailedException}</b>: A call to a registered service failed, or was refused before it was
 * sent; the message says what happened in words a model can act on, naming the service but never its address, the
 * upstream's words or a credential. Error types: {@code service_refused} (unknown service, method or path refused,
 * redirect refused, body too large), {@code service_unavailable} (timeout, unreachable, not HTTP, breaker open,
 * 5xx), {@code busy} and {@code timeout} (cancelled at a deadline).
 *
 * <p><b>{@link ApiCall}</b>: One request a caller asked for, before any check. Immutable as long as no one mutates
 * the body.
 */
package dev.bulwark.tools.business.services;
