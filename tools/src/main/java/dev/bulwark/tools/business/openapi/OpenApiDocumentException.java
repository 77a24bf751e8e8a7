package dev.bulwark.tools.business.openapi;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An OpenAPI document, or the operations chosen from it, cannot be served: every problem found in one reading,
 * together, each naming its setting, the operation where there is one, and the fix. A configuration error, reported
 * at start.
 */
public final class OpenApiDocumentException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<OpenApiProblem> problems;

    /** @param problems the problems found, at least one */
    public OpenApiDocumentException(List<OpenApiProblem> problems) {
        super(problems.stream().map(OpenApiProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an OpenAPI document problem needs a reason");
        }
        this.problems = List.copyOf(problems);
    }

    /** One problem, whose reason names no other setting. */
    public static OpenApiDocumentException of(String service, OpenApiSetting setting, String reason) {
        return new OpenApiDocumentException(List.of(OpenApiProblem.of(service, setting, reason)));
    }

    /** One problem, whose reason names other settings. */
    public static OpenApiDocumentException of(String service, OpenApiSetting setting, OpenApiProblem.Reason reason) {
        return new OpenApiDocumentException(List.of(OpenApiProblem.of(service, setting, reason)));
    }

    /** Each problem on its own. */
    public List<OpenApiProblem> problems() {
        return problems;
    }
}
