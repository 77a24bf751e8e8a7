package dev.bulwark.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports {@link BulwarkPropertiesException} as its lines, without a stack trace. Stateless. */
public final class BulwarkPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BulwarkPropertiesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BulwarkPropertiesException cause) {
        return new FailureAnalysis(
                "Bulwark's properties cannot be used:\n  " + String.join("\n  ", cause.problems()),
                "Fix each property named above; docs/configuration.md lists every key's values (as bulwark.<key>).",
                cause);
    }
}
