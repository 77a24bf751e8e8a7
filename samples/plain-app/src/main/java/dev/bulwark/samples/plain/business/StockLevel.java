package dev.bulwark.samples.plain.business;

/** How many of an item are in stock. */
public record StockLevel(String sku, int available) {}
