package dev.bulwark.ports.cache;

/** Stands in for a port interface of Bulwark (data access), which a tool handler must not use. */
public interface CacheStoreStandIn {

    String get(String key);
}
