package dev.bulwark.samples.plain.tools;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolPackContext;
import dev.bulwark.core.ToolResult;
import dev.bulwark.samples.plain.business.StockLevel;
import dev.bulwark.samples.plain.business.StockService;

/** The stock tools: each turns a call into one business call. */
public final class StockPack implements ToolPack {

    /** The input of the {@code stock_level} tool. */
    public record StockQuery(@JsonPropertyDescription("The item's SKU, such as SKU-1") String sku) {}

    private final StockService stock;

    public StockPack(StockService stock) {
        this.stock = stock;
    }

    @Override
    public void register(ToolPackContext pack) {
        pack.tool(Tool.builder("stock_level", StockQuery.class, StockLevel.class)
                .description("How many of an item are in stock")
                .handler((input, context) -> ToolResult.of(stock.level(input.sku())))
                .build());
    }
}
