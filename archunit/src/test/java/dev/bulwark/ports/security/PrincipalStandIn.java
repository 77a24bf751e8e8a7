package dev.bulwark.ports.security;

/** Stands in for a value type of Bulwark's ports (the caller of a tool), which a tool handler may use. */
public record PrincipalStandIn(String name) {}
