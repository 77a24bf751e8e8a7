package dev.bulwark.core.internal.business.validation;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionConfig;
import dev.bulwark.core.JsonSchemaCheck.Limits;
import java.util.ArrayList;
import java.util.Collection;

/**
 * The validator's context for one bounded check: stops it past its step or violation limit, or when interrupted.
 * One check, one thread.
 */
final class BoundedExecution extends CheckExecution {

    private final Limits limits;
    private long steps;
    private long found;

    BoundedExecution(ExecutionConfig config, Limits limits) {
        super(config);
        this.limits = limits;
        setErrors(new KeptErrors(limits.violationsKept()));
    }

    @Override
    public void evaluationPathAddLast(String token) {
        step();
        super.evaluationPathAddLast(token);
    }

    @Override
    public void evaluationPathAddLast(int token) {
        step();
        super.evaluationPathAddLast(token);
    }

    @Override
    public void addError(Error error) {
        if (++found > limits.violationsFound()) {
            throw Stopped.TOO_MANY_FOUND;
        }
        step();
        super.addError(error);
    }

    private void step() {
        if (++steps > limits.steps()) {
            throw Stopped.TOO_MANY_STEPS;
        }
        if (Thread.currentThread().isInterrupted()) {
            throw Stopped.INTERRUPTED;
        }
    }

    /** Why a check stopped before its end; thrown through the validator, without a stack trace. */
    static final class Stopped extends RuntimeException {

        private static final long serialVersionUID = 1L;

        static final Stopped ENOUGH = new Stopped("enough violations kept");
        static final Stopped TOO_MANY_STEPS = new Stopped("too many steps");
        static final Stopped TOO_MANY_FOUND = new Stopped("too many violations found");
        static final Stopped INTERRUPTED = new Stopped("interrupted");

        private Stopped(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The violations reported: past the limit it stops the check instead of keeping one more. */
    private static final class KeptErrors extends ArrayList<Error> {

        private static final long serialVersionUID = 1L;

        private final int limit;

        KeptErrors(int limit) {
            this.limit = limit;
        }

        @Override
        public boolean add(Error error) {
            if (size() >= limit) {
                throw Stopped.ENOUGH;
            }
            return super.add(error);
        }

        @Override
        public void add(int index, Error error) {
            if (size() >= limit) {
                throw Stopped.ENOUGH;
            }
            super.add(index, error);
        }

        @Override
        public boolean addAll(Collection<? extends Error> errors) {
            errors.forEach(this::add);
            return !errors.isEmpty();
        }

        @Override
        public boolean addAll(int index, Collection<? extends Error> errors) {
            int at = index;
            for (Error error : errors) {
                add(at++, error);
            }
            return !errors.isEmpty();
        }
    }
}
