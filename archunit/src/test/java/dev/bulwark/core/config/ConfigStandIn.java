package dev.bulwark.core.config;

/** Stands in for a type of Bulwark's public configuration API: the kit's tests do not use core. */
public record ConfigStandIn(int maxResults) {}
