package dev.bulwark.redis;

/** The kinds of Redis call the adapter makes; each names its meters and failure messages. */
enum RedisOperation {
    CACHE_GET("cache_get", "GET"),
    CACHE_PUT("cache_put", "SET"),
    CACHE_INVALIDATE("cache_invalidate", "DEL"),
    RATE_LIMIT("rate_limit", "MULTI"),
    TASK_READ("task_read", "HGETALL"),
    TASK_WRITE("task_write", "EVALSHA"),
    TASK_PUBLISH("task_publish", "PUBLISH"),
    TASK_QUEUE_ADD("task_queue_add", "EVALSHA"),
    TASK_QUEUE_TAKE("task_queue_take", "EVALSHA"),
    TASK_QUEUE_TAKE_OVER("task_queue_take_over", "EVALSHA"),
    TASK_QUEUE_RENEW("task_queue_renew", "EVALSHA"),
    TASK_QUEUE_DONE("task_queue_done", "EVALSHA"),
    TASK_QUEUE_RELEASE("task_queue_release", "EVALSHA"),
    PING("ping", "PING");

    private final String tag;
    private final String command;

    RedisOperation(String tag, String command) {
        this.tag = tag;
        this.command = command;
    }

    /** The Redis command it sends ({@code MULTI} for a transaction): its span's {@code db.operation.name}. */
    String command() {
        return command;
    }

    /** The lower-case name used as the {@code operation} tag of the adapter's meters and in messages. */
    String tag() {
        return tag;
    }
}
