package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.internal.presentation.listing.ListedTools;
import dev.bulwark.core.internal.presentation.listing.ToolListPage;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers {@code tools/list} in pages of the protocol's cursor, written from the tools' cached JSON
 * ({@link ListedTools}), filtered by the caller's scopes when asked. A list changed since a cursor was handed out is paged from that cursor's place in the new list. Thread-safe.
 */
final class ToolListPages {

    private static final String CURSOR_PREFIX = "tools:";

    /** The tools served now, a new instance after each change of the catalogue. */
    private final Supplier<ListedTools> listedNow;

    private final int pageSize;
    /**
     * Which tools a request's caller sees, or {@code null}: every tool. Listing only hides tools; the pipeline
     * authorizes calls either way. Filtered, a page holds the next tools the caller sees, so it may hold fewer than a
     * page before the last.
     */
    private final ScopeToolFilter filter;

    private final McpJsonMapper jsonMapper;
    /** The pages of the tools served now; rebuilt when the catalogue changed. */
    private volatile Pages pages;

    /**
     * One list of tools and its pages.
     *
     * @param listed the tools, in the order they are listed
     * @param unfiltered the pages every caller sees, when the list is not filtered; empty otherwise
     */
    private record Pages(ListedTools listed, List<ToolListPage> unfiltered) {}

    /**
     * @param listed the tools served, in the order they are listed
     * @param pageSize the most tools one page lists
     * @param filter which tools a request's caller sees, or {@code null} for every tool
     * @param jsonMapper reads a request's parameters
     */
    ToolListPages(Supplier<ListedTools> listed, int pageSize, ScopeToolFilter filter, McpJsonMapper jsonMapper) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("the tool list page size must be positive, was " + pageSize);
        }
        this.listedNow = Objects.requireNonNull(listed, "listed");
        this.pageSize = pageSize;
        this.filter = filter;
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.pages = pagesOf(listed.get());
    }

    /** The pages of the tools served now, built again when they changed since the last request. */
    private Pages pages() {
        ListedTools listed = listedNow.get();
        Pages current = pages;
        if (current.listed() != listed) {
            current = pagesOf(listed);
            pages = current;
        }
        return current;
    }

    private Pages pagesOf(ListedTools listed) {
        List<ToolListPage> unfiltered = new ArrayList<>();
        if (filter == null) {
            int start = 0;
            do {
                unfiltered.add(page(listed, start, McpTransportContext.EMPTY));
                start += pageSize;
            } while (start < listed.size());
        }
        return new Pages(listed, List.copyOf(unfiltered));
    }

    /**
     * The answer to {@code request} when it is a {@code tools/list} request: the page its cursor names (the first
     * without one), a {@link ToolListPage}, or an invalid-params error for a cursor this server did not hand out. Empty
     * for any other request.
     */
    Optional<JSONRPCResponse> answer(JSONRPCRequest request, McpTransportContext context) {
        if (!McpSchema.METHOD_TOOLS_LIST.equals(request.method())) {
            return Optional.empty();
        }
        Pages current = pages();
        Optional<Integer> start = start(current.listed(), request.params());
        if (start.isEmpty()) {
            return Optional.of(new JSONRPCResponse(
                    McpSchema.JSONRPC_VERSION,
                    request.id(),
                    null,
                    new JSONRPCResponse.JSONRPCError(
                            McpSchema.ErrorCodes.INVALID_PARAMS,
                            "Invalid cursor: pass the nextCursor of a previous tools/list answer, or none",
                            null)));
        }
        ToolListPage result = filter != null
                ? page(current.listed(), start.get(), context)
                : current.unfiltered().get(start.get() / pageSize);
        return Optional.of(new JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), result, null));
    }

    /**
     * The tools from index {@code start} on: up to a page of those the filter shows for {@code context} (every tool
     * without one), and a cursor to the rest when any remain.
     */
    private ToolListPage page(ListedTools listed, int start, McpTransportContext context) {
        int[] listedHere = new int[Math.min(pageSize, listed.size())];
        int count = 0;
        int next = start;
        while (next < listed.size() && count < pageSize) {
            if (filter == null || filter.isVisible(context, listed.definition(next))) {
                listedHere[count++] = next;
            }
            next++;
        }
        String nextCursor = next < listed.size() ? cursor(next) : null;
        return listed.page(Arrays.copyOf(listedHere, count), nextCursor);
    }

    private static String cursor(int start) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((CURSOR_PREFIX + start).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The index a request's cursor starts at: 0 without one; empty for a cursor that is not one of this server's.
     * Unfiltered pages start at multiples of the page size, so only those are accepted then.
     */
    private Optional<Integer> start(ListedTools listed, Object params) {
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
            if (!decoded.startsWith(CURSOR_PREFIX)) {
                return Optional.empty();
            }
            int start = Integer.parseInt(decoded.substring(CURSOR_PREFIX.length()));
            boolean valid = start > 0 && start < listed.size() && (filter != null || start % pageSize == 0);
            return valid ? Optional.of(start) : Optional.empty();
        } catch (IllegalArgumentException notOurs) { // NumberFormatException too
            return Optional.empty();
        }
    }
}
