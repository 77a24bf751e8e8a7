package dev.bulwark.ports.tasks;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One task as a {@link TaskStore} keeps it: who owns it, where it stands, its lease, and the JSON of its call and its
 * outcome, which are opaque text to the store. Immutable.
 */
public record TaskRecord(
        String taskId, // unguessable: at least 128 random bits
        String owner, // the subject of the principal that started it; no other principal may see it
        String tool, // the tool its call calls; empty for a record stored before records named their tool
        TaskStatus status,
        long version, // 1 when created, one more on every change (next)
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt, // when the store forgets it, whatever its status
        Instant leaseExpiresAt, // while WORKING, when the run is deemed lost unless its instance renews it; else null
        String request, // the JSON of the call's params, to run it again after input
        String inputRequests, // while INPUT_REQUIRED, the JSON object of the unanswered input requests
        String inputResponses, // the JSON object of the client's answers so far, or null
        String result, // when COMPLETED, the JSON of the tool's result
        String error, // when FAILED, the JSON of the error (code, message)
        // while WORKING, whether its run waits for its client's answer to a request it sent (elicitation, sampling,
        // roots), so that every instance shows the task as waiting for input
        boolean awaitingClient,
        String startedBy) { // while WORKING, the runner that started the run's call; null before

    public TaskRecord {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(request, "request");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
        if (status == TaskStatus.WORKING && leaseExpiresAt == null) {
            throw new IllegalArgumentException("a working task needs a lease");
        }
    }

    /** A record no run has started: {@code startedBy} is {@code null}. */
    public TaskRecord(
            String taskId,
            String owner,
            String tool,
            TaskStatus status,
            long version,
            Instant createdAt,
            Instant updatedAt,
            Instant expiresAt,
            Instant leaseExpiresAt,
            String request,
            String inputRequests,
            String inputResponses,
            String result,
            String error,
            boolean awaitingClient) {
        this(
                taskId,
                owner,
                tool,
                status,
                version,
                createdAt,
                updatedAt,
                expiresAt,
                leaseExpiresAt,
                request,
                inputRequests,
                inputResponses,
                result,
                error,
                awaitingClient,
                null);
    }

    /** A new working task of a call of {@code tool}, version 1, leased until {@code leaseExpiresAt}. */
    public static TaskRecord working(
            String taskId,
            String owner,
            String tool,
            Instant now,
            Instant expiresAt,
            Instant leaseExpiresAt,
            String request,
            String inputResponses) {
        return new TaskRecord(
                taskId,
                owner,
                tool,
                TaskStatus.WORKING,
                1,
                now,
                now,
                expiresAt,
                leaseExpiresAt,
                request,
                null,
                inputResponses,
                null,
                null,
                false);
    }

    /** Whether it is expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /**
     * Until when it counts as active: the lease of a working task (a task whose instance died stops counting when
     * its lease runs out), the expiry of one waiting for input; empty once it ended.
     */
    public Optional<Instant> activeUntil() {
        return switch (status) {
            case WORKING -> Optional.of(leaseExpiresAt);
            case INPUT_REQUIRED -> Optional.of(expiresAt);
            default -> Optional.empty();
        };
    }

    /**
     * The next version of this record: {@code status} and the given fields, changed at {@code now}; a run that changes
     * its record no longer waits for its client, and the next run has not started.
     */
    public TaskRecord next(
            TaskStatus status,
            Instant now,
            Instant leaseExpiresAt,
            String inputRequests,
            String inputResponses,
            String result,
            String error) {
        return changed(status, now, leaseExpiresAt, inputRequests, inputResponses, result, error, false, null);
    }

    /** This record with its lease renewed to {@code leaseExpiresAt} (a working task's heartbeat). */
    public TaskRecord renewed(Instant now, Instant leaseExpiresAt) {
        return changed(
                status, now, leaseExpiresAt, inputRequests, inputResponses, result, error, awaitingClient, startedBy);
    }

    /** The next version of this record, whose run {@code runner} marked as started, changed at {@code now}. */
    public TaskRecord started(Instant now, String runner) {
        Objects.requireNonNull(runner, "runner");
        return changed(
                status, now, leaseExpiresAt, inputRequests, inputResponses, result, error, awaitingClient, runner);
    }

    /** The next version of this record, whose run waits for its client's answer or not, changed at {@code now}. */
    public TaskRecord awaitingClient(Instant now, boolean waiting) {
        return changed(status, now, leaseExpiresAt, inputRequests, inputResponses, result, error, waiting, startedBy);
    }

    private TaskRecord changed(
            TaskStatus status,
            Instant now,
            Instant leaseExpiresAt,
            String inputRequests,
            String inputResponses,
            String result,
            String error,
            boolean awaitingClient,
            String startedBy) {
        return new TaskRecord(
                taskId,
                owner,
                tool,
                status,
                version + 1,
                createdAt,
                now,
                expiresAt,
                status == TaskStatus.WORKING ? leaseExpiresAt : null,
                request,
                inputRequests,
                inputResponses,
                result,
                error,
                awaitingClient,
                status == TaskStatus.WORKING ? startedBy : null);
    }
}
