package dev.bulwark.redis;

import dev.bulwark.ports.tasks.HeldTask;
import dev.bulwark.ports.tasks.QueuedTask;
import dev.bulwark.ports.tasks.TaskQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A {@link TaskQueue} in Redis, shared by every instance and worker: one stream read through one consumer group, each
 * runner a consumer of it, whose pending entries list is the lease (docs/operations.md says why). Thread-safe.
 */
public final class RedisTaskQueue implements TaskQueue {

    /** The one consumer group every runner reads through. */
    static final String GROUP = "runners";

    /** Claims again, resetting its idle time, each entry {@code ARGV[2..]} that consumer {@code ARGV[1]} holds. */
    private static final String RENEW = """
            local still = {}
            for i = 2, #ARGV do
              local pending = redis.call('XPENDING', KEYS[1], KEYS[2], ARGV[i], ARGV[i], 1, ARGV[1])
              if #pending == 1 then
                redis.call('XCLAIM', KEYS[1], KEYS[2], ARGV[1], 0, ARGV[i], 'JUSTID')
                still[#still + 1] = ARGV[i]
              end
            end
            return still
            """;

    /**
     * Adds an entry (fields {@code ARGV[2..]}) and reads the oldest undelivered one for consumer {@code ARGV[1]}, in
     * one step: {@code XREADGROUP} without {@code BLOCK} may run in a script. The group is created first when missing
     * (an error in a script does not undo what it wrote, so the script must not fail after its {@code XADD}).
     */
    private static final String OFFER_AND_TAKE = """
            redis.pcall('XGROUP', 'CREATE', KEYS[1], KEYS[2], '0', 'MKSTREAM')
            redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))
            return redis.call('XREADGROUP', 'GROUP', KEYS[2], ARGV[1], 'COUNT', 1, 'STREAMS', KEYS[1], '>')
            """;

    /** Acknowledges and deletes one entry at once, so no entry stays pending without a stream entry or the reverse. */
    private static final String DONE = """
            redis.call('XACK', KEYS[1], KEYS[2], ARGV[1])
            return redis.call('XDEL', KEYS[1], ARGV[1])
            """;

    /**
     * Hands back entry {@code ARGV[2]} when consumer {@code ARGV[1]} holds it: acknowledges and deletes it, and adds
     * its fields ({@code ARGV[3..]}) as a new entry that no runner took, in one step. A consumer group cannot give a
     * pending entry back undelivered, so the entry is offered again instead.
     */
    private static final String RELEASE = """
            local pending = redis.call('XPENDING', KEYS[1], KEYS[2], ARGV[2], ARGV[2], 1, ARGV[1])
            if #pending == 1 then
              redis.call('XACK', KEYS[1], KEYS[2], ARGV[2])
              redis.call('XDEL', KEYS[1], ARGV[2])
              redis.call('XADD', KEYS[1], '*', unpack(ARGV, 3))
              return 1
            end
            return 0
            """;

    /** The prefix of the fields that hold the trace context's headers. */
    private static final String TRACE = "trace:";

    private final RedisConnection redis;
    private final String stream;

    public RedisTaskQueue(RedisConnection redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.stream = redis.key("tasks", "queue");
    }

    @Override
    public void offer(QueuedTask task) {
        Objects.requireNonNull(task, "task");
        Map<String, String> fields = fields(task);
        redis.execute(RedisOperation.TASK_QUEUE_ADD, client -> client.xadd(stream, StreamEntryID.NEW_ENTRY, fields));
    }

    @Override
    public List<HeldTask> offerAndTake(QueuedTask task, String runner) {
        List<String> args = new ArrayList<>(List.of(runner));
        fields(task).forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        Object read = redis.execute(
                RedisOperation.TASK_QUEUE_ADD, client -> client.eval(OFFER_AND_TAKE, List.of(stream, GROUP), args));
        List<HeldTask> taken = new ArrayList<>();
        // [[stream, [[id, [field, value, ...]], ...]]]
        if (read instanceof List<?> streams) {
            for (Object fromStream : streams) {
                if (fromStream instanceof List<?> pair && pair.size() == 2 && pair.get(1) instanceof List<?> entries) {
                    for (Object entry : entries) {
                        if (entry instanceof List<?> idAndFields
                                && idAndFields.size() == 2
                                && idAndFields.get(1) instanceof List<?> flat) {
                            Map<String, String> values = new java.util.HashMap<>();
                            for (int i = 0; i + 1 < flat.size(); i += 2) {
                                values.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
                            }
                            taken.add(heldOf(String.valueOf(idAndFields.get(0)), values, false));
                        }
                    }
                }
            }
        }
        return taken;
    }

    @Override
    public List<HeldTask> take(String runner, int max) {
        List<Map.Entry<String, List<StreamEntry>>> read = redis.execute(
                RedisOperation.TASK_QUEUE_TAKE,
                client -> withGroup(
                        client,
                        c -> c.xreadGroup(
                                GROUP,
                                runner,
                                XReadGroupParams.xReadGroupParams().count(max),
                                Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY))));
        List<HeldTask> taken = new ArrayList<>();
        if (read != null) {
            for (Map.Entry<String, List<StreamEntry>> fromStream : read) {
                for (StreamEntry entry : fromStream.getValue()) {
                    held(entry, false, taken);
                }
            }
        }
        return taken;
    }

    /** Walks the pending entries list with {@code XAUTOCLAIM} until {@code max} are claimed or it has seen it all. */
    @Override
    public List<HeldTask> takeOver(String runner, Duration idleFor, int max) {
        return redis.execute(
                RedisOperation.TASK_QUEUE_TAKE_OVER,
                client -> withGroup(client, c -> {
                    List<HeldTask> taken = new ArrayList<>();
                    StreamEntryID cursor = new StreamEntryID(0, 0);
                    do {
                        Map.Entry<StreamEntryID, List<StreamEntry>> claimed = c.xautoclaim(
                                stream,
                                GROUP,
                                runner,
                                idleFor.toMillis(),
                                cursor,
                                XAutoClaimParams.xAutoClaimParams().count(max - taken.size()));
                        for (StreamEntry entry : claimed.getValue()) {
                            if (entry != null) { // an entry deleted while pending: nothing to run
                                held(entry, true, taken);
                            }
                        }
                        cursor = claimed.getKey();
                    } while (taken.size() < max && !cursor.equals(new StreamEntryID(0, 0)));
                    return taken;
                }));
    }

    @Override
    public List<HeldTask> renew(String runner, List<HeldTask> held) {
        if (held.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>(held.size() + 1);
        args.add(runner);
        held.forEach(task -> args.add(task.entryId()));
        Object renewed = redis.execute(RedisOperation.TASK_QUEUE_RENEW, client -> {
            try {
                return client.eval(RENEW, List.of(stream, GROUP), args);
            } catch (JedisDataException e) {
                if (noGroup(e)) {
                    return List.of(); // the group is gone with every hold in it
                }
                throw e;
            }
        });
        List<HeldTask> still = new ArrayList<>();
        if (renewed instanceof List<?> ids) {
            for (HeldTask task : held) {
                if (ids.contains(task.entryId())) {
                    still.add(task);
                }
            }
        }
        return still;
    }

    @Override
    public void release(String runner, HeldTask held) {
        List<String> args = new ArrayList<>(List.of(runner, held.entryId()));
        fields(held.task()).forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        redis.execute(RedisOperation.TASK_QUEUE_RELEASE, client -> {
            try {
                return client.eval(RELEASE, List.of(stream, GROUP), args);
            } catch (JedisDataException e) {
                if (noGroup(e)) {
                    return 0L; // the group is gone with every hold in it
                }
                throw e;
            }
        });
    }

    @Override
    public void done(HeldTask held) {
        redis.execute(RedisOperation.TASK_QUEUE_DONE, client -> {
            try {
                return client.eval(DONE, List.of(stream, GROUP), List.of(held.entryId()));
            } catch (JedisDataException e) {
                if (noGroup(e)) {
                    return client.xdel(stream, new StreamEntryID(held.entryId()));
                }
                throw e;
            }
        });
    }

    /**
     * Runs {@code read}, first creating the group when Redis has none (a new stream, or one Redis lost). The group
     * starts at the stream's start, so the entries offered after Redis lost it are not skipped.
     */
    private <T> T withGroup(UnifiedJedis client, Function<UnifiedJedis, T> read) {
        try {
            return read.apply(client);
        } catch (JedisDataException e) {
            if (!noGroup(e)) {
                throw e;
            }
        }
        try {
            client.xgroupCreate(stream, GROUP, new StreamEntryID(0, 0), true);
        } catch (JedisDataException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                throw e;
            }
        }
        return read.apply(client);
    }

    /** The scopes as they were written: separated by spaces, which a scope never holds (RFC 6749). */
    private static Set<String> scopes(String text) {
        return text == null || text.isEmpty() ? Set.of() : Set.of(text.split(" "));
    }

    private static boolean noGroup(JedisDataException e) {
        return e.getMessage() != null && e.getMessage().contains("NOGROUP");
    }

    private static void held(StreamEntry entry, boolean takenOver, List<HeldTask> into) {
        into.add(heldOf(entry.getID().toString(), entry.getFields(), takenOver));
    }

    private static HeldTask heldOf(String entryId, Map<String, String> fields, boolean takenOver) {
        Map<String, String> trace = new java.util.HashMap<>();
        fields.forEach((name, value) -> {
            if (name.startsWith(TRACE)) {
                trace.put(name.substring(TRACE.length()), value);
            }
        });
        return new HeldTask(
                entryId,
                new QueuedTask(
                        fields.get("taskId"),
                        fields.get("owner"),
                        scopes(fields.get("scopes")),
                        fields.get("tool"),
                        java.util.Optional.ofNullable(fields.get("requestId")),
                        trace),
                takenOver);
    }

    /**
     * The entry's fields; the scopes separated by spaces, which a scope never holds (RFC 6749); the request id when
     * there is one; each trace header under {@link #TRACE} and its name.
     */
    private static Map<String, String> fields(QueuedTask task) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("taskId", task.taskId());
        fields.put("owner", task.owner());
        fields.put("scopes", String.join(" ", task.scopes()));
        fields.put("tool", task.tool());
        task.requestId().ifPresent(id -> fields.put("requestId", id));
        task.traceContext().forEach((name, value) -> fields.put(TRACE + name, value));
        return fields;
    }
}
