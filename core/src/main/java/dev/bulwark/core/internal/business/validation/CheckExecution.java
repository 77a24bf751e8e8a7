package dev.bulwark.core.internal.business.validation;

import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.path.NodePath;
import java.util.Arrays;

/**
 * The validator's context for one check, which builds the evaluation path only when something reads it. One check,
 * one thread.
 */
class CheckExecution extends ExecutionContext {

    /** The path's steps: a name, or {@code null} where the step is the index at the same place in {@link #indexes}. */
    private String[] names = new String[16];

    private int[] indexes = new int[16];
    /** {@code built[i]} is the path of the first {@code i} steps, for every {@code i <= valid}. */
    private NodePath[] built = new NodePath[17];

    private int depth;
    private int valid;

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
