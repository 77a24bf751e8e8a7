package dev.bulwark.docs;

// tool-authors:start
import dev.bulwark.core.Extension;
import dev.bulwark.core.ExtensionMethod;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

final class FollowUpExample {

    private final Map<String, String> reports = new ConcurrentHashMap<>();

    /** Starts a report with {@code reports/start}; {@code reports/status} polls it as a follow-up. */
    Extension reports() {
        return Extension.builder("com.example/reports")
                .method(new ExtensionMethod("reports/start", (params, context) -> {
                            String id = "r" + (reports.size() + 1);
                            reports.put(id, "working");
                            return Map.of("reportId", id);
                        })
                        .withRequiredScopes("reports:run"))
                .method(ExtensionMethod.followUp("reports/status", (params, context) -> Map.of(
                                "status", reports.getOrDefault(String.valueOf(params.get("reportId")), "unknown")))
                        .withRequiredScopes("reports:run"))
                .build();
    }
}
// tool-authors:end
