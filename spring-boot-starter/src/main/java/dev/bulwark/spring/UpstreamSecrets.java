package dev.bulwark.spring;

import java.util.regex.Pattern;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks an upstream's credential and its child's variables in Actuator's {@code env} and {@code configprops}, which
 * Spring's own rules miss: they mask {@code credentials}, not {@code credential}. Stateless.
 */
final class UpstreamSecrets implements SanitizingFunction {

    /**
     * {@code bulwark.upstreams.<name>.credential} and {@code .env}, in properties' and variables' names (with a list's
     * index), and {@code UPSTREAM_CREDENTIAL_<NAME>}, all in lower case.
     */
    private static final Pattern SECRET =
            Pattern.compile("bulwark[._]upstreams[._].+[._](credential|env)([\\[._].*)?|upstream_credential_.*");

    @Override
    public SanitizableData apply(SanitizableData data) {
        return SECRET.matcher(data.getLowerCaseKey()).matches() ? data.withSanitizedValue() : data;
    }
}
