package dev.bulwark.redis;

/** The kinds of Redis call the adapter makes; each names its meters and failure messages. */
enum RedisOperation {
    CACHE_GET("cache_get"),
    CACHE_PUT("cache_put"),
    CACHE_INVALIDATE("cache_invalidate"),
    RATE_LIMIT("rate_limit"),
    PING("ping");

    private final String tag;

    RedisOperation(String tag) {
        this.tag = tag;
    }

    /** The lower-case name used as the {@code operation} tag of the adapter's meters and in messages. */
    String tag() {
        return tag;
    }
}
