package dev.bulwark.tools.business.openapi;

import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceCallException;
import dev.bulwark.ports.outbound.ServiceDescriptor;
import dev.bulwark.ports.outbound.ServiceRequest;
import dev.bulwark.ports.outbound.ServiceResponse;
import dev.bulwark.tools.data.services.ServiceAccess;
import io.swagger.v3.oas.models.OpenAPI;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a service's OpenAPI document comes from and what it serves: a local file, or a path under the service's base
 * URL fetched with the service's own client (its allowlist, credential, timeout, retries, breaker and size cap). A
 * document that cannot be fetched leaves the source unloaded, and each later {@link #operations()} call tries again
 * once the retry interval has passed, so the tools come back with the service. Thread-safe.
 */
public final class OperationSource {

    private static final Logger LOG = LoggerFactory.getLogger(OperationSource.class);

    private final ServiceAccess services;
    private final String service;
    private final String documentPath;
    private final Path documentFile;
    private final DocumentReader reader;
    private final OperationSelection selection;
    private final Map<String, String> scopes;
    private final Clock clock;
    private final Duration retryInterval;
    private List<OperationSpec> loaded;
    private Instant lastAttempt;
    private String lastFailure = "it has not been read yet";

    /**
     * @param services the registered services
     * @param service the service the document describes
     * @param documentPath the document's path under the service's base URL; null with {@code documentFile}
     * @param documentFile the document's local file; null with {@code documentPath}
     * @param reader reads the document's bytes
     * @param selection the operations served
     * @param scopes a scope per operationId, where the default will not do
     * @param clock when to try again
     * @param retryInterval the least time between two fetches of a document that could not be fetched
     */
    public OperationSource(
            ServiceAccess services,
            String service,
            String documentPath,
            Path documentFile,
            DocumentReader reader,
            OperationSelection selection,
            Map<String, String> scopes,
            Clock clock,
            Duration retryInterval) {
        this.services = Objects.requireNonNull(services, "services");
        this.service = Objects.requireNonNull(service, "service");
        if ((documentPath == null) == (documentFile == null)) {
            throw OpenApiDocumentException.of(
                    service,
                    OpenApiSetting.DOCUMENT,
                    "give either a path under the service's base URL or a local file");
        }
        this.documentPath = documentPath;
        this.documentFile = documentFile;
        this.reader = Objects.requireNonNull(reader, "reader");
        this.selection = Objects.requireNonNull(selection, "selection");
        this.scopes = Map.copyOf(scopes);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retryInterval = Objects.requireNonNull(retryInterval, "retryInterval");
    }

    public String service() {
        return service;
    }

    public OperationSelection selection() {
        return selection;
    }

    public Map<String, String> scopes() {
        return scopes;
    }

    /**
     * The scope the operation {@code operationId} needs, as far as it is known before the document is read (its
     * method is not): the one configured for it, else the service's read scope. That is the operation's own scope
     * unless it is a writing one without a configured scope: then a caller needs the read scope too, since the tool
     * checks the operation's own scope as well once the document is read. (A service whose document is fetched from
     * it allows GET, so its read scope is one of its operations' scopes.)
     */
    public String scopeBeforeReading(String operationId) {
        String configured = scopes.get(operationId);
        if (configured != null) {
            return configured;
        }
        return services.service(service)
                .orElseThrow(() -> OpenApiDocumentException.of(
                        service, OpenApiSetting.DOCUMENT, "no service of that name is registered"))
                .readScope();
    }

    /**
     * Reads the document now.
     *
     * @return the operations served
     * @throws OpenApiDocumentException when the document or the selection is wrong: a configuration error
     * @throws DocumentUnavailableException when the document could not be fetched: it is tried again later
     */
    public synchronized List<OperationSpec> load() {
        lastAttempt = clock.instant();
        try {
            ServiceDescriptor descriptor = services.service(service)
                    .orElseThrow(() -> OpenApiDocumentException.of(
                            service, OpenApiSetting.DOCUMENT, "no service of that name is registered"));
            loaded = operations(descriptor);
            return loaded;
        } catch (DocumentUnavailableException e) {
            lastFailure = e.getMessage();
            throw e;
        }
    }

    /**
     * The operations served, reading the document again when it could not be read before and the retry interval
     * has passed; empty while it cannot be read.
     */
    public synchronized Optional<List<OperationSpec>> operations() {
        if (loaded == null && (lastAttempt == null || !clock.instant().isBefore(lastAttempt.plus(retryInterval)))) {
            try {
                load();
                LOG.info(
                        "The OpenAPI document of service {} is read: its {} operation tool(s) serve",
                        service,
                        loaded.size());
            } catch (DocumentUnavailableException e) {
                LOG.warn("The OpenAPI document of service {} still cannot be read: {}", service, e.getMessage());
            } catch (OpenApiDocumentException e) {
                lastFailure = "it does not fit the configuration";
                LOG.warn(
                        "The OpenAPI document of service {} is read but cannot be served: {}", service, e.getMessage());
            }
        }
        return Optional.ofNullable(loaded);
    }

    /** Why the document is not read, in words for a caller: never an address. */
    public synchronized String unavailableReason() {
        return lastFailure;
    }

    /**
     * The operations of the document, read now. A document that runs the heap out while it is read or its tools are
     * made is a configuration problem like any other: the error unwinds this method's frames, which held the
     * document's bytes, tree and model, so the memory is free again when the problem is reported.
     */
    private List<OperationSpec> operations(ServiceDescriptor descriptor) {
        long size = -1;
        try {
            byte[] bytes = documentBytes();
            size = bytes.length;
            OpenAPI document = reader.read(service, bytes);
            bytes = null; // not held while the tools are made
            return OperationCatalog.operations(
                    descriptor, document, selection, scopes, use -> services.credentialRefusal(service, use));
        } catch (OutOfMemoryError e) {
            throw DocumentReader.outOfMemory(service, size, Runtime.getRuntime().maxMemory());
        }
    }

    private byte[] documentBytes() {
        if (documentFile != null) {
            try (InputStream in = Files.newInputStream(documentFile)) {
                // Refused by its size before a byte is read: a file over the cap or the heap is never held.
                reader.requireReadable(service, Files.size(documentFile));
                return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, reader.maxBytes() + 1));
            } catch (IOException e) {
                throw OpenApiDocumentException.of(
                        service,
                        OpenApiSetting.DOCUMENT,
                        "the file cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }
        ServiceResponse response;
        try {
            response = services.send(ServiceRequest.of(service, HttpMethod.GET, documentPath));
        } catch (ServiceCallException e) {
            switch (e.failure()) {
                case PATH_REFUSED, METHOD_NOT_ALLOWED, NOT_REGISTERED, HEADER_REFUSED ->
                    throw OpenApiDocumentException.of(
                            service, OpenApiSetting.DOCUMENT, "the document cannot be fetched: " + e.getMessage());
                case RESPONSE_TOO_LARGE ->
                    throw OpenApiDocumentException.of(
                            service,
                            OpenApiSetting.DOCUMENT,
                            "the document is larger than the outbound response cap (outbound.max-response-size)");
                default ->
                    throw new DocumentUnavailableException("its service could not be reached ("
                            + e.failure().name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
        }
        if (response.status() < 200 || response.status() > 299) {
            throw new DocumentUnavailableException("its service answered " + response.status());
        }
        return response.body();
    }
}
