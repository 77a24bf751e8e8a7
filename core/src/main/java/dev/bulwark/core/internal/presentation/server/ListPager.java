package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Pages one of the protocol's lists by its opaque cursor: which items of the list a page holds, the cursor to the
 * next page, and the error for a cursor this list did not hand out. Immutable and thread-safe.
 */
final class ListPager {

    /** The list's method, which names it in an error. */
    private final String method;
    /** What each cursor of this list starts with, as {@code tools:}: one list's cursors are no other's. */
    private final String cursorPrefix;

    private final int pageSize;
    private final McpJsonMapper jsonMapper;

    /**
     * One page: the indexes of the items it lists, in order, and the cursor to the rest, or {@code null} on the last.
     */
    record Page(int[] indexes, String nextCursor) {}

    /**
     * @param method the list's method, as {@code tools/list}: ending in {@code /list}
     * @param pageSize the most items one page lists
     * @param jsonMapper reads a request's parameters
     */
    ListPager(String method, int pageSize, McpJsonMapper jsonMapper) {
        this.method = Objects.requireNonNull(method, "method");
        if (!method.endsWith("/list") || pageSize < 1) {
            throw new IllegalArgumentException(
                    "a list method and a positive page size, were " + method + " and " + pageSize);
        }
        this.cursorPrefix = method.substring(0, method.length() - "/list".length()) + ":";
        this.pageSize = pageSize;
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
    }

    int pageSize() {
        return pageSize;
    }

    /**
     * The items of a list of {@code size} from index {@code start} on: up to a page of those {@code visible} accepts,
     * and a cursor to the rest when any remain. Filtered, a page may hold fewer than a page before the last.
     */
    Page page(int size, int start, IntPredicate visible) {
        int[] listed = new int[Math.min(pageSize, size)];
        int count = 0;
        int next = start;
        while (next < size && count < pageSize) {
            if (visible.test(next)) {
                listed[count++] = next;
            }
            next++;
        }
        return new Page(Arrays.copyOf(listed, count), next < size ? cursor(next) : null);
    }

    /**
     * The index the cursor of a request's {@code params} starts at in a list of {@code size}: 0 without one; empty
     * for a cursor this list did not hand out. With {@code pageAligned} only multiples of the page size are accepted,
     * as unfiltered pages start there.
     */
    Optional<Integer> start(Object params, int size, boolean pageAligned) {
        String cursor = params == null
                ? null
                : jsonMapper
                        .convertValue(params, McpSchema.PaginatedRequest.class)
                        .cursor();
        if (cursor == null) {
            return Optional.of(0);
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!decoded.startsWith(cursorPrefix)) {
                return Optional.empty();
            }
            int start = Integer.parseInt(decoded.substring(cursorPrefix.length()));
            boolean valid = start > 0 && start < size && (!pageAligned || start % pageSize == 0);
            return valid ? Optional.of(start) : Optional.empty();
        } catch (IllegalArgumentException notOurs) { // NumberFormatException too
            return Optional.empty();
        }
    }

    /** The answer to request {@code id} whose cursor this list did not hand out: invalid params, saying so. */
    JSONRPCResponse invalidCursor(Object id) {
        return new JSONRPCResponse(
                McpSchema.JSONRPC_VERSION,
                id,
                null,
                new JSONRPCResponse.JSONRPCError(
                        McpSchema.ErrorCodes.INVALID_PARAMS,
                        "Invalid cursor: pass the nextCursor of a previous " + method + " answer, or none",
                        null));
    }

    private String cursor(int start) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((cursorPrefix + start).getBytes(StandardCharsets.UTF_8));
    }
}
