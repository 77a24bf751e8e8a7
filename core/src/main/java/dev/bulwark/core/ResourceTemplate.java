package dev.bulwark.core;

import dev.bulwark.core.internal.presentation.tool.RequiredScopes;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A family of read-only resources addressed by an RFC 6570 URI template, such as {@code users://{id}/profile}.
 * Immutable and thread-safe if the reader is.
 *
 * @param uriTemplate the URI template, with {@code {name}} variables
 * @param name a short name
 * @param description what the resources hold, for the model
 * @param mimeType the media type of the text
 * @param reader produces the text of one resource from its URI and variables
 * @param requiredScopes the scopes a caller must hold to read its resources or complete its variables (none by
 *     default)
 */
public record ResourceTemplate(
        String uriTemplate,
        String name,
        String description,
        String mimeType,
        Reader reader,
        Set<String> requiredScopes) {

    public ResourceTemplate {
        Objects.requireNonNull(uriTemplate, "uriTemplate");
        if (!uriTemplate.contains("{")) {
            throw new IllegalArgumentException(
                    "resource template '" + uriTemplate + "' has no {variable}; register a Resource for a fixed URI");
        }
        Set<String> variables = new HashSet<>();
        Matcher variable = Pattern.compile("\\{([^}]*)}").matcher(uriTemplate);
        while (variable.find()) {
            if (!variables.add(variable.group(1))) {
                throw new IllegalArgumentException("resource template '" + uriTemplate + "' names {" + variable.group(1)
                        + "} twice; give each variable its own name");
            }
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(reader, "reader");
        requiredScopes = RequiredScopes.copyOf(requiredScopes, "resource template '" + uriTemplate + "'");
    }

    /** A template whose resources every authenticated caller may read. */
    public ResourceTemplate(String uriTemplate, String name, String description, String mimeType, Reader reader) {
        this(uriTemplate, name, description, mimeType, reader, Set.of());
    }

    /** This template, its resources readable only by callers holding every one of {@code scopes}. */
    public ResourceTemplate withRequiredScopes(String... scopes) {
        return new ResourceTemplate(uriTemplate, name, description, mimeType, reader, RequiredScopes.listed(scopes));
    }

    /** Produces the text of the resource at one URI of the template. May be called concurrently. */
    @FunctionalInterface
    public interface Reader {
        /**
         * @param uri the URI the client asked for
         * @param variables the template variables taken from it, by name
         * @param context the caller and request id
         */
        String read(String uri, Map<String, String> variables, CallContext context) throws Exception;
    }
}
