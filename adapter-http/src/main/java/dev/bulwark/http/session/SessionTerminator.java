package dev.bulwark.http.session;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ends a session the way its client would, by handing the MCP transport servlet a DELETE for it. The SDK's
 * transport keeps its sessions to itself; a DELETE is the one way, defined by the MCP specification, to make it
 * close a session's streams and forget it. The request is built in memory: it never goes over the network and
 * passes none of the edge filters. Thread-safe.
 */
public final class SessionTerminator {

    private final HttpServlet transport;
    private final String endpoint;

    /**
     * @param transport the MCP transport servlet
     * @param endpoint its path, such as {@code /mcp}
     */
    public SessionTerminator(HttpServlet transport, String endpoint) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /**
     * Ends session {@code id}.
     *
     * @return the status the transport answered: 200 when it ended the session, 404 when it did not know it
     */
    public int terminate(String id) throws Exception {
        AtomicInteger status = new AtomicInteger(0);
        HttpServletRequest request = proxy(HttpServletRequest.class, (method, args) -> switch (method.getName()) {
            case "getMethod" -> "DELETE";
            case "getRequestURI", "getServletPath" -> endpoint;
            case "getRequestURL" -> new StringBuffer(endpoint);
            case "getProtocol" -> "HTTP/1.1";
            case "getHeader" -> SessionFilter.SESSION_HEADER.equalsIgnoreCase((String) args[0]) ? id : null;
            case "getHeaders" -> SessionFilter.SESSION_HEADER.equalsIgnoreCase((String) args[0])
                    ? Collections.enumeration(List.of(id))
                    : Collections.emptyEnumeration();
            case "getHeaderNames" -> Collections.enumeration(List.of(SessionFilter.SESSION_HEADER));
            case "getAttributeNames", "getParameterNames" -> Collections.emptyEnumeration();
            default -> null;
        });
        HttpServletResponse response = proxy(HttpServletResponse.class, (method, args) -> {
            switch (method.getName()) {
                case "setStatus", "sendError" -> status.set((Integer) args[0]);
                case "getStatus" -> {
                    return status.get();
                }
                default -> {
                    // nothing to record: the DELETE has no body
                }
            }
            return null;
        });
        transport.service(request, response);
        return status.get();
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        InvocationHandler handler = (target, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(target);
                    case "equals" -> target == args[0];
                    default -> type.getSimpleName() + " for an internal DELETE";
                };
            }
            Object value = answer.answer(method, args);
            return value != null ? value : defaultFor(method.getReturnType());
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object defaultFor(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }

    @FunctionalInterface
    private interface Answer {
        Object answer(Method method, Object[] args) throws Exception;
    }
}
