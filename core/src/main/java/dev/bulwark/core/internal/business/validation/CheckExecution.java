package dev.bulwark.core.internal.business.validation;

import com.networknt.schema.CollectorContext;
import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * The validator's context for a check, which builds the evaluation path only when something reads it. One check at a
 * time, one thread.
 */
class CheckExecution extends ExecutionContext {

    /** Past this many violations, a reset drops the list rather than keep its room for the next check. */
    private static final int MAX_ERRORS_KEPT = 64;

    /** The path's steps: a name, or {@code null} where the step is the index at the same place in {@link #indexes}. */
    private String[] names = new String[16];

    private int[] indexes = new int[16];
    /** {@code built[i]} is the path of the first {@code i} steps, for every {@code i <= valid}. */
    private NodePath[] built = new NodePath[17];

    private int depth;
    private int valid;
    /** Whether a keyword asked for the collector context, whose data would outlive the check. */
    private boolean collecting;

    private boolean taken;

    CheckExecution(ExecutionConfig config) {
        super(config);
    }

    // The validator steps into and out of each keyword it checks, but reads the path only to describe a violation
    // (or an annotation, or a false schema's message): built at every step, it would be a quarter of the bytes a valid
    // call's check allocates. So the steps are kept as tokens, and the path is built from them when read.
    @Override
    public void evaluationPathAddLast(String token) {
        push(token, -1);
    }

    @Override
    public void evaluationPathAddLast(int token) {
        push(null, token);
    }

    @Override
    public void evaluationPathRemoveLast() {
        depth--;
        if (valid > depth) {
            valid = depth;
        }
    }

    @Override
    public NodePath getEvaluationPath() {
        // The validator sets the root itself when a check starts.
        NodePath root = super.getEvaluationPath();
        if (built[0] != root) {
            built[0] = root;
            valid = 0;
        }
        while (valid < depth) {
            NodePath parent = built[valid];
            String name = names[valid];
            built[valid + 1] = name != null ? parent.append(name) : parent.append(indexes[valid]);
            valid++;
        }
        return built[depth];
    }

    @Override
    public CollectorContext getCollectorContext() {
        collecting = true;
        return super.getCollectorContext();
    }

    /** Takes this context for a check; {@code false} when a check holds it already. */
    boolean take() {
        if (taken) {
            return false;
        }
        taken = true;
        return true;
    }

    /**
     * Ends the check that took this context and readies it for the next one, or says it cannot be: a check that left
     * state behind (annotations, collected data, a path it did not leave) needs a new context instead.
     */
    boolean release(boolean failFast) {
        taken = false;
        if (depth != 0
                || collecting
                || !getAnnotations().asMap().isEmpty()
                || !getDiscriminatorMapping().isEmpty()
                || !getEvaluationSchema().isEmpty()
                || !getEvaluationSchemaPath().isEmpty()
                || isUnevaluatedPropertiesPresent()
                || isUnevaluatedItemsPresent()) {
            return false;
        }
        if (getErrors().size() > MAX_ERRORS_KEPT) {
            setErrors(new ArrayList<>());
        } else {
            getErrors().clear();
        }
        valid = 0;
        setFailFast(failFast);
        return true;
    }

    private void push(String name, int index) {
        if (depth == names.length) {
            names = Arrays.copyOf(names, depth * 2);
            indexes = Arrays.copyOf(indexes, depth * 2);
            built = Arrays.copyOf(built, depth * 2 + 1);
        }
        names[depth] = name;
        indexes[depth] = index;
        depth++;
    }
}
