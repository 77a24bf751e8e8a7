package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.internal.presentation.listing.ListedTools;
import dev.bulwark.core.internal.presentation.listing.ToolListPage;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers {@code tools/list} in pages of the protocol's cursor, written from the tools' cached JSON
 * ({@link ListedTools}), filtered by the caller's scopes when asked. A list changed since a cursor was handed out is paged from that cursor's place in the new list. Thread-safe.
 */
final class ToolListPages {

    /** The tools served now, a new instance after each change of the catalogue. */
    private final Supplier<ListedTools> listedNow;

    /** Where each page starts and ends, and its cursors. */
    private final ListPager pager;
    /**
     * Which tools a request's caller sees, or {@code null}: every tool. Listing only hides tools; the pipeline
     * authorizes calls either way. Filtered, a page holds the next tools the caller sees, so it may hold fewer than a
     * page before the last.
     */
    private final ScopeToolFilter filter;

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
        this.pager = new ListPager(McpSchema.METHOD_TOOLS_LIST, pageSize, jsonMapper);
        this.listedNow = Objects.requireNonNull(listed, "listed");
        this.filter = filter;
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
                start += pager.pageSize();
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
        Optional<Integer> start = pager.start(request.params(), current.listed().size(), filter == null);
        if (start.isEmpty()) {
            return Optional.of(pager.invalidCursor(request.id()));
        }
        ToolListPage result = filter != null
                ? page(current.listed(), start.get(), context)
                : current.unfiltered().get(start.get() / pager.pageSize());
        return Optional.of(new JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), result, null));
    }

    /**
     * The tools from index {@code start} on: up to a page of those the filter shows for {@code context} (every tool
     * without one), and a cursor to the rest when any remain.
     */
    private ToolListPage page(ListedTools listed, int start, McpTransportContext context) {
        ListPager.Page page = pager.page(
                listed.size(), start, index -> filter == null || filter.isVisible(context, listed.definition(index)));
        return listed.page(page.indexes(), page.nextCursor());
    }
}
