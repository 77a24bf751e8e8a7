package dev.bulwark.redis;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.ports.tasks.TaskStoreFullException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;

/**
 * A {@link TaskStore} in Redis, shared by every instance: one hash per task, expiring with it, and two sorted sets per
 * owner that bound its tasks; writes are Lua scripts, atomic whichever instances write at once. A durable change on a
 * Sentinel set or a Cluster waits for a replica ({@code WAIT}). Thread-safe.
 */
public final class RedisTaskStore implements TaskStore {

    private static final String CREATE = """
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[1])
            if redis.call('EXISTS', KEYS[1]) == 1 then return 'exists' end
            if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return 'kept' end
            if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[3]) then return 'active' end
            redis.call('HSET', KEYS[1], unpack(ARGV, 8))
            redis.call('PEXPIRE', KEYS[1], ARGV[7])
            redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4])
            redis.call('ZADD', KEYS[3], ARGV[6], ARGV[4])
            for i = 2, 3 do
              if redis.call('PTTL', KEYS[i]) < tonumber(ARGV[7]) then redis.call('PEXPIRE', KEYS[i], ARGV[7]) end
            end
            return 'ok'
            """;

    private static final String REPLACE = """
            local version = redis.call('HGET', KEYS[1], 'version')
            if (not version) or version ~= ARGV[1] then return 0 end
            local ttl = redis.call('PTTL', KEYS[1])
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 4))
            if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
            if ARGV[3] == '' then
              redis.call('ZREM', KEYS[2], ARGV[2])
            else
              redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
            end
            return 1
            """;

    /** Deletes the task {@code ARGV[2]} at version {@code ARGV[1]} and takes it out of its owner's sets. */
    private static final String REMOVE = """
            local version = redis.call('HGET', KEYS[1], 'version')
            if (not version) or version ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[2])
            redis.call('ZREM', KEYS[3], ARGV[2])
            return 1
            """;

    /** The hash tag of every key of the store on a Redis Cluster. */
    static final String CLUSTER_TAG = "tasks";

    private final RedisConnection redis;

    /**
     * Whether the store's primary had a replica connected at its last answer: without one a durable change sends no
     * {@code WAIT}, which would only wait out its timeout (after a failover the new primary has none until the old
     * one returns as its replica).
     */
    private volatile boolean primaryReplicated = true;

    public RedisTaskStore(RedisConnection redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
        Objects.requireNonNull(record, "record");
        long ttlMillis = Math.max(1, record.expiresAt().toEpochMilli() - now.toEpochMilli());
        List<String> args = new ArrayList<>(List.of(
                Long.toString(now.toEpochMilli()),
                Integer.toString(maxKept),
                Integer.toString(maxActive),
                record.taskId(),
                Long.toString(record.expiresAt().toEpochMilli()),
                Long.toString(record.activeUntil().orElse(now).toEpochMilli()),
                Long.toString(ttlMillis)));
        args.addAll(fields(record));
        Object outcome = redis.execute(
                RedisOperation.TASK_WRITE,
                client -> client.eval(
                        CREATE,
                        List.of(taskKey(record.taskId()), keptKey(record.owner()), activeKey(record.owner())),
                        args));
        switch (String.valueOf(outcome)) {
            case "ok" -> {}
            case "exists" -> throw new IllegalStateException("a task with this id exists");
            case "kept" -> throw new TaskStoreFullException(TaskStoreFullException.Bound.KEPT, maxKept);
            case "active" -> throw new TaskStoreFullException(TaskStoreFullException.Bound.ACTIVE, maxActive);
            default -> throw new IllegalStateException("unexpected answer of the task creation script");
        }
    }

    @Override
    public Optional<TaskRecord> find(String taskId, Instant now) {
        Map<String, String> hash = redis.execute(RedisOperation.TASK_READ, client -> client.hgetAll(taskKey(taskId)));
        if (hash == null || hash.isEmpty()) {
            return Optional.empty();
        }
        TaskRecord record = read(hash);
        return record.expiredAt(now) ? Optional.empty() : Optional.of(record);
    }

    @Override
    public boolean replace(TaskRecord current, TaskRecord next) {
        if (!next.taskId().equals(current.taskId())) {
            return false;
        }
        Object replaced = redis.execute(
                RedisOperation.TASK_WRITE,
                client -> client.eval(REPLACE, replaceKeys(next), replaceArgs(current, next)));
        return Long.valueOf(1).equals(replaced);
    }

    /**
     * As {@link #replace}, then on a Sentinel set or a Cluster {@code WAIT 1} on the same connection, for at most half
     * the operation timeout, and {@code ROLE}: the change counts as durable once a replica acknowledged it, or when
     * the primary has no replica connected (none can be promoted without syncing from it first). One server waits for
     * nothing; nor does a primary that had no replica at the last change (a change that then finds one is refused,
     * and waits at the next try).
     *
     * @throws DependencyUnavailableException when Redis fails, or a connected replica did not acknowledge the change
     *     in time; this does not count toward the circuit breaker (Redis answered)
     */
    @Override
    public boolean replaceDurably(TaskRecord current, TaskRecord next) {
        if (!redis.replicated()) {
            return replace(current, next);
        }
        if (!next.taskId().equals(current.taskId())) {
            return false;
        }
        List<String> keys = replaceKeys(next);
        List<String> args = replaceArgs(current, next);
        long waitMillis = replicaWaitMillis(redis.operationTimeout());
        boolean waiting = primaryReplicated;
        Acknowledged outcome = redis.execute(
                RedisOperation.TASK_WRITE,
                client -> SlidingWindowCommands.followingMoves(client, asked -> {
                    try (AbstractPipeline pipeline = SlidingWindowCommands.pipeline(client, asked, keys.get(0))) {
                        Response<Object> replaced = pipeline.eval(REPLACE, keys, args);
                        Response<Long> acknowledged =
                                waiting ? pipeline.waitReplicas(keys.get(0), 1, waitMillis) : null;
                        Response<Object> role = pipeline.sendCommand(Protocol.Command.ROLE, new String[0]);
                        pipeline.sync();
                        return new Acknowledged(
                                Long.valueOf(1).equals(replaced.get()),
                                acknowledged == null ? 0 : acknowledged.get(),
                                connectedReplicas(role));
                    }
                }));
        primaryReplicated = outcome.connected() > 0;
        if (outcome.replaced() && outcome.replicas() < 1 && outcome.connected() > 0) {
            throw new DependencyUnavailableException(
                    RedisConnection.DEPENDENCY,
                    "no Redis replica acknowledged a task's change within " + waitMillis + " ms (" + outcome.connected()
                            + " connected)");
        }
        return outcome.replaced();
    }

    /** How a durable change went: stored or not, and how many replicas acknowledged it of how many connected. */
    private record Acknowledged(boolean replaced, long replicas, int connected) {}

    /** How long a durable change waits for a replica: half the operation timeout, so that the call ends within it. */
    static long replicaWaitMillis(Duration operationTimeout) {
        return Math.max(1, operationTimeout.toMillis() / 2);
    }

    /** The replicas connected to the primary, as its {@code ROLE} answer lists them. */
    private static int connectedReplicas(Response<Object> role) {
        return role.get() instanceof List<?> answer && answer.size() > 2 && answer.get(2) instanceof List<?> replicas
                ? replicas.size()
                : 0;
    }

    private List<String> replaceKeys(TaskRecord next) {
        return List.of(taskKey(next.taskId()), activeKey(next.owner()));
    }

    private static List<String> replaceArgs(TaskRecord current, TaskRecord next) {
        List<String> args = new ArrayList<>(List.of(
                Long.toString(current.version()),
                next.taskId(),
                next.activeUntil()
                        .map(until -> Long.toString(until.toEpochMilli()))
                        .orElse("")));
        args.addAll(fields(next));
        return args;
    }

    @Override
    public boolean remove(TaskRecord current) {
        Object removed = redis.execute(
                RedisOperation.TASK_WRITE,
                client -> client.eval(
                        REMOVE,
                        List.of(taskKey(current.taskId()), keptKey(current.owner()), activeKey(current.owner())),
                        List.of(Long.toString(current.version()), current.taskId())));
        return Long.valueOf(1).equals(removed);
    }

    /** The ids in the owner's kept set not yet expired, then each task's hash: a task gone meanwhile is left out. */
    @Override
    public List<TaskRecord> owned(String owner, Instant now) {
        List<String> ids = redis.execute(
                RedisOperation.TASK_READ,
                client -> client.zrangeByScore(keptKey(owner), "(" + now.toEpochMilli(), "+inf"));
        List<TaskRecord> owned = new ArrayList<>(ids.size());
        for (String taskId : ids) {
            find(taskId, now).filter(task -> task.owner().equals(owner)).ifPresent(owned::add);
        }
        owned.sort(Comparator.comparing(TaskRecord::createdAt).thenComparing(TaskRecord::taskId));
        return owned;
    }

    // On a Redis Cluster every key of the store shares one hash tag, so one shard holds the store: a task is found by
    // its id alone, while the scripts change a task together with its owner's sets.
    private String taskKey(String taskId) {
        return redis.key("task", CLUSTER_TAG, taskId);
    }

    private String keptKey(String owner) {
        return redis.key("tasks-kept", CLUSTER_TAG, owner);
    }

    private String activeKey(String owner) {
        return redis.key("tasks-active", CLUSTER_TAG, owner);
    }

    /** The record's fields as hash field and value pairs; a {@code null} field is left out. */
    private static List<String> fields(TaskRecord record) {
        List<String> fields = new ArrayList<>(30);
        put(fields, "taskId", record.taskId());
        put(fields, "owner", record.owner());
        put(fields, "tool", record.tool());
        put(fields, "status", record.status().name());
        put(fields, "version", Long.toString(record.version()));
        put(fields, "createdAt", record.createdAt().toString());
        put(fields, "updatedAt", record.updatedAt().toString());
        put(fields, "expiresAt", record.expiresAt().toString());
        put(
                fields,
                "leaseExpiresAt",
                record.leaseExpiresAt() == null ? null : record.leaseExpiresAt().toString());
        put(fields, "request", record.request());
        put(fields, "inputRequests", record.inputRequests());
        put(fields, "inputResponses", record.inputResponses());
        put(fields, "result", record.result());
        put(fields, "error", record.error());
        put(fields, "awaitingClient", record.awaitingClient() ? "true" : null);
        put(fields, "startedBy", record.startedBy());
        return fields;
    }

    private static void put(List<String> fields, String name, String value) {
        if (value != null) {
            fields.add(name);
            fields.add(value);
        }
    }

    private static TaskRecord read(Map<String, String> hash) {
        return new TaskRecord(
                hash.get("taskId"),
                hash.get("owner"),
                hash.getOrDefault("tool", ""), // a record stored before records named their tool
                TaskStatus.valueOf(hash.get("status")),
                Long.parseLong(hash.get("version")),
                Instant.parse(hash.get("createdAt")),
                Instant.parse(hash.get("updatedAt")),
                Instant.parse(hash.get("expiresAt")),
                hash.containsKey("leaseExpiresAt") ? Instant.parse(hash.get("leaseExpiresAt")) : null,
                hash.get("request"),
                hash.get("inputRequests"),
                hash.get("inputResponses"),
                hash.get("result"),
                hash.get("error"),
                "true".equals(hash.get("awaitingClient")),
                hash.get("startedBy"));
    }
}
