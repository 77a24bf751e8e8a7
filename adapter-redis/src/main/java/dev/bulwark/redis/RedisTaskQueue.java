package dev.bulwark.redis;

import dev.bulwark.ports.tasks.HeldTask;
import dev.bulwark.ports.tasks.QueuedTask;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskQueueFullException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link TaskQueue} in Redis, shared by every instance and worker: a stream per owner, the owners taking turns
 * (docs/operations.md says how and why). Thread-safe.
 */
public final class RedisTaskQueue implements TaskQueue {

    /**
     * The consumer group every runner reads each owner's stream through: each runner a consumer, whose pending entries
     * list is the lease. Every operation is one Lua script, atomic whichever runners call at once; the scripts reach
     * the streams of the owners they find in the set of turns, keys they cannot declare ahead. On a Redis Cluster that
     * works because every key of the queue shares one hash tag, so one shard holds them all.
     */
    static final String GROUP = "runners";

    /**
     * The Lua functions the scripts share. {@code turn} gives an owner the last place in the order of turns (the
     * set's score is a counter that every turn moves on). {@code take} goes round the owners in that order, one
     * undelivered entry of each per round, each owner's oldest first, until it took {@code max} or none is left; an
     * owner whose stream is gone leaves the set. {@code untaken} moves the count of undelivered entries of every owner,
     * never below zero; an owner's own count needs no counter, since every entry is either undelivered or pending
     * (an acknowledged entry is deleted in the same step).
     */
    private static final String FUNCTIONS = """
            local function turn(owners, counter, owner, only)
              redis.call('ZADD', owners, only, redis.call('INCR', counter), owner)
            end
            local function untaken(waiting, delta)
              local count = tonumber(redis.call('GET', waiting) or '0') + delta
              if count > 0 then redis.call('SET', waiting, count) else redis.call('DEL', waiting) end
            end
            local function take(owners, counter, waiting, prefix, runner, max)
              local taken = {}
              local round = redis.call('ZRANGE', owners, 0, -1)
              while #taken < max and #round > 0 do
                local again = {}
                for _, owner in ipairs(round) do
                  if #taken >= max then break end
                  local stream = prefix .. owner
                  local read = redis.pcall('XREADGROUP', 'GROUP', 'runners', runner, 'COUNT', 1, 'STREAMS', stream, '>')
                  if type(read) == 'table' and read.err then
                    if redis.call('EXISTS', stream) == 0 then
                      redis.call('ZREM', owners, owner)
                    else
                      redis.call('XGROUP', 'CREATE', stream, 'runners', '0')
                      again[#again + 1] = owner
                    end
                  elseif read then
                    taken[#taken + 1] = read[1][2][1]
                    untaken(waiting, -1)
                    turn(owners, counter, owner, 'XX')
                    again[#again + 1] = owner
                  end
                end
                round = again
              end
              return taken
            end
            """;

    /**
     * Adds an entry (fields {@code ARGV[6..]}) to the stream of owner {@code ARGV[1]}, whose turn comes last if it had
     * no entry, and when {@code ARGV[2]} is a runner, lets it take the next entry in turn in the same step; answers
     * {@code owner} or {@code all}, adding nothing, when the owner's undelivered entries reach {@code ARGV[4]} or every
     * owner's reach {@code ARGV[5]}. The group is created first when missing (an error in a script does not undo what
     * it wrote, so the script must not fail after its {@code XADD}).
     */
    private static final String OFFER = FUNCTIONS + """
            local ofOwner = 0
            if redis.call('EXISTS', KEYS[3]) == 1 then
              local pending = redis.pcall('XPENDING', KEYS[3], 'runners')
              local held = 0
              if type(pending) == 'table' and not pending.err then held = tonumber(pending[1]) end
              ofOwner = redis.call('XLEN', KEYS[3]) - held
            end
            if ofOwner >= tonumber(ARGV[4]) then return 'owner' end
            if tonumber(redis.call('GET', KEYS[4]) or '0') >= tonumber(ARGV[5]) then return 'all' end
            redis.pcall('XGROUP', 'CREATE', KEYS[3], 'runners', '0', 'MKSTREAM')
            redis.call('XADD', KEYS[3], '*', unpack(ARGV, 6))
            untaken(KEYS[4], 1)
            if redis.call('ZSCORE', KEYS[1], ARGV[1]) == false then turn(KEYS[1], KEYS[2], ARGV[1], 'NX') end
            if ARGV[2] == '' then return {} end
            return take(KEYS[1], KEYS[2], KEYS[4], ARGV[3], ARGV[2], 1)
            """;

    /** Consumer {@code ARGV[2]} takes up to {@code ARGV[1]} entries no runner took, the owners in turn. */
    private static final String TAKE = FUNCTIONS + """
            return take(KEYS[1], KEYS[2], KEYS[3], ARGV[3], ARGV[2], tonumber(ARGV[1]))
            """;

    /**
     * Consumer {@code ARGV[2]} takes over up to {@code ARGV[1]} entries held by others and idle for {@code ARGV[4]}
     * ms or longer, the owners in the order of their turns, each owner's oldest first. An entry deleted while it was
     * pending is skipped (Redis 6.2 answers it as nil, Redis 7 leaves it out).
     */
    private static final String TAKE_OVER = """
            local taken = {}
            local max = tonumber(ARGV[1])
            for _, owner in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              if #taken >= max then break end
              local cursor = '0-0'
              repeat
                local claimed = redis.pcall(
                    'XAUTOCLAIM', ARGV[3] .. owner, 'runners', ARGV[2], ARGV[4], cursor, 'COUNT', max - #taken)
                if type(claimed) == 'table' and claimed.err then break end
                for _, entry in ipairs(claimed[2]) do
                  if entry then taken[#taken + 1] = entry end
                end
                cursor = claimed[1]
              until #taken >= max or cursor == '0-0'
            end
            return taken
            """;

    /**
     * Claims again, resetting its idle time, each entry that consumer {@code ARGV[1]} holds, given as pairs of owner
     * and entry id ({@code ARGV[3..]}); answers the ids it still holds. {@code KEYS[1]}, the set of owners, is not
     * read: it routes the script to the queue's shard on a Redis Cluster.
     */
    private static final String RENEW = """
            local still = {}
            for i = 3, #ARGV, 2 do
              local stream = ARGV[2] .. ARGV[i]
              local pending = redis.pcall('XPENDING', stream, 'runners', ARGV[i + 1], ARGV[i + 1], 1, ARGV[1])
              if type(pending) == 'table' and not pending.err and #pending == 1 then
                redis.call('XCLAIM', stream, 'runners', ARGV[1], 0, ARGV[i + 1], 'JUSTID')
                still[#still + 1] = ARGV[i + 1]
              end
            end
            return still
            """;

    /**
     * Acknowledges and deletes entry {@code ARGV[1]} at once when consumer {@code ARGV[3]} holds it, so no entry stays
     * pending without a stream entry or the reverse, and a runner whose entry was taken over cannot end it; answers
     * 1 when it did, else 0. A held entry was never counted as undelivered ({@code KEYS[3]}). A stream left empty is
     * deleted and its owner leaves the set ({@code ARGV[2]}), and with no owner left nothing waits, whatever the
     * count says.
     */
    private static final String DONE = """
            local pending = redis.pcall('XPENDING', KEYS[1], 'runners', ARGV[1], ARGV[1], 1, ARGV[3])
            if type(pending) ~= 'table' or pending.err or #pending ~= 1 then return 0 end
            redis.call('XACK', KEYS[1], 'runners', ARGV[1])
            redis.call('XDEL', KEYS[1], ARGV[1])
            if redis.call('XLEN', KEYS[1]) == 0 then
              redis.call('DEL', KEYS[1])
              redis.call('ZREM', KEYS[2], ARGV[2])
              if redis.call('ZCARD', KEYS[2]) == 0 then redis.call('DEL', KEYS[3]) end
            end
            return 1
            """;

    /**
     * Hands back entry {@code ARGV[2]} when consumer {@code ARGV[1]} holds it: acknowledges and deletes it, and adds
     * its fields ({@code ARGV[3..]}) as a new entry that no runner took, in one step. A consumer group cannot give a
     * pending entry back undelivered, so the entry is offered again instead, counted as undelivered ({@code KEYS[2]}).
     */
    private static final String RELEASE = FUNCTIONS + """
            local pending = redis.pcall('XPENDING', KEYS[1], 'runners', ARGV[2], ARGV[2], 1, ARGV[1])
            if type(pending) == 'table' and not pending.err and #pending == 1 then
              redis.call('XACK', KEYS[1], 'runners', ARGV[2])
              redis.call('XDEL', KEYS[1], ARGV[2])
              redis.call('XADD', KEYS[1], '*', unpack(ARGV, 3))
              untaken(KEYS[2], 1)
              return 1
            end
            return 0
            """;

    /** The prefix of the fields that hold the trace context's headers. */
    private static final String TRACE = "trace:";

    /** The hash tag of every key of the queue on a Redis Cluster. */
    static final String CLUSTER_TAG = "task-queue";

    private final RedisConnection redis;
    /** The sorted set of the owners with entries, scored by their turn. */
    private final String owners;
    /** The counter of turns, whose next value is the last place. */
    private final String turns;
    /** The count of undelivered entries of every owner. */
    private final String waiting;
    /** The prefix of each owner's stream key: the prefix, then the owner. */
    private final String streams;

    public RedisTaskQueue(RedisConnection redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
        // On a Redis Cluster every key of the queue shares one hash tag, so one shard holds the queue: its scripts
        // walk the owners' streams in turn, from the one set of owners.
        this.owners = redis.key("tasks", CLUSTER_TAG, "queue-owners");
        this.turns = redis.key("tasks", CLUSTER_TAG, "queue-turns");
        this.waiting = redis.key("tasks", CLUSTER_TAG, "queue-waiting");
        this.streams = redis.key("tasks-queue", CLUSTER_TAG, "");
    }

    @Override
    public void offer(QueuedTask task, Bounds bounds) {
        offer(task, bounds, "");
    }

    @Override
    public List<HeldTask> offerAndTake(QueuedTask task, Bounds bounds, String runner) {
        return offer(task, bounds, Objects.requireNonNull(runner, "runner"));
    }

    private List<HeldTask> offer(QueuedTask task, Bounds bounds, String runner) {
        Objects.requireNonNull(task, "task");
        List<String> args = new ArrayList<>(List.of(
                task.owner(), runner, streams, Integer.toString(bounds.perOwner()), Integer.toString(bounds.inAll())));
        fields(task).forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        Object read = redis.execute(
                RedisOperation.TASK_QUEUE_ADD,
                client -> client.eval(OFFER, List.of(owners, turns, stream(task.owner()), waiting), args));
        if (!(read instanceof List<?>)) {
            throw switch (text(read)) {
                case "owner" -> new TaskQueueFullException(TaskQueueFullException.Bound.OWNER, bounds.perOwner());
                case "all" -> new TaskQueueFullException(TaskQueueFullException.Bound.ALL, bounds.inAll());
                default -> new IllegalStateException("unexpected answer of the task offer script");
            };
        }
        return heldOf(read, false);
    }

    @Override
    public List<HeldTask> take(String runner, int max) {
        if (max <= 0) {
            return List.of();
        }
        Object read = redis.execute(
                RedisOperation.TASK_QUEUE_TAKE,
                client -> client.eval(
                        TAKE, List.of(owners, turns, waiting), List.of(Integer.toString(max), runner, streams)));
        return heldOf(read, false);
    }

    @Override
    public List<HeldTask> takeOver(String runner, Duration idleFor, int max) {
        if (max <= 0) {
            return List.of();
        }
        Object claimed = redis.execute(
                RedisOperation.TASK_QUEUE_TAKE_OVER,
                client -> client.eval(
                        TAKE_OVER,
                        List.of(owners),
                        List.of(Integer.toString(max), runner, streams, Long.toString(idleFor.toMillis()))));
        return heldOf(claimed, true);
    }

    @Override
    public List<HeldTask> renew(String runner, List<HeldTask> held) {
        if (held.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>(2 * held.size() + 2);
        args.add(runner);
        args.add(streams);
        held.forEach(task -> {
            args.add(task.task().owner());
            args.add(task.entryId());
        });
        Object renewed =
                redis.execute(RedisOperation.TASK_QUEUE_RENEW, client -> client.eval(RENEW, List.of(owners), args));
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
        redis.execute(
                RedisOperation.TASK_QUEUE_RELEASE,
                client -> client.eval(RELEASE, List.of(stream(held.task().owner()), waiting), args));
    }

    @Override
    public boolean done(String runner, HeldTask held) {
        String owner = held.task().owner();
        Object removed = redis.execute(
                RedisOperation.TASK_QUEUE_DONE,
                client -> client.eval(
                        DONE,
                        List.of(stream(owner), owners, waiting),
                        List.of(held.entryId(), owner, Objects.requireNonNull(runner, "runner"))));
        return Long.valueOf(1).equals(removed);
    }

    private String stream(String owner) {
        return streams + owner;
    }

    /** The scopes as they were written: separated by spaces, which a scope never holds (RFC 6749). */
    private static Set<String> scopes(String text) {
        return text == null || text.isEmpty() ? Set.of() : Set.of(text.split(" "));
    }

    /** The entries a script answered, each {@code [id, [field, value, ...]]}. */
    private static List<HeldTask> heldOf(Object answer, boolean takenOver) {
        List<HeldTask> held = new ArrayList<>();
        if (answer instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof List<?> idAndFields
                        && idAndFields.size() == 2
                        && idAndFields.get(1) instanceof List<?> flat) {
                    Map<String, String> fields = new HashMap<>();
                    for (int i = 0; i + 1 < flat.size(); i += 2) {
                        fields.put(text(flat.get(i)), text(flat.get(i + 1)));
                    }
                    held.add(heldOf(text(idAndFields.get(0)), fields, takenOver));
                }
            }
        }
        return held;
    }

    /** A script's bulk string as text: Jedis answers a script's strings as UTF-8 bytes. */
    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static HeldTask heldOf(String entryId, Map<String, String> fields, boolean takenOver) {
        Map<String, String> trace = new HashMap<>();
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
                        Optional.ofNullable(fields.get("requestId")),
                        trace),
                takenOver);
    }

    /**
     * The entry's fields; the scopes separated by spaces, which a scope never holds (RFC 6749); the request id when
     * there is one; each trace header under {@link #TRACE} and its name.
     */
    private static Map<String, String> fields(QueuedTask task) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("taskId", task.taskId());
        fields.put("owner", task.owner());
        fields.put("scopes", String.join(" ", task.scopes()));
        fields.put("tool", task.tool());
        task.requestId().ifPresent(id -> fields.put("requestId", id));
        task.traceContext().forEach((name, value) -> fields.put(TRACE + name, value));
        return fields;
    }
}
