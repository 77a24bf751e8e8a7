package dev.bulwark.core;

import java.util.Map;

/**
 * The code of one method of an {@link Extension}: the request's params in, the method's result out, both JSON objects
 * as maps. May be called concurrently.
 */
@FunctionalInterface
public interface ExtensionHandler {

    /**
     * Throw {@link InvalidArgumentsException} for params that do not fit (answered {@code -32602}), {@link ToolException}
     * for an error the caller can act on; anything else is answered as an internal error that says nothing about
     * itself.
     *
     * @param params the request's params, without {@code _meta}
     * @param context the caller, the request id and the deadline, as a tool call has them, and the request's origin
     * @return the result object; {@code _meta} and the era's fields are added to it
     */
    Map<String, Object> handle(Map<String, Object> params, ExtensionContext context) throws Exception;
}
