package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.AcceptedCall;
import dev.bulwark.core.AcceptedCalls;
import dev.bulwark.ports.origin.RequestOrigin;
import java.util.Map;
import java.util.Objects;

/** The {@link AcceptedCalls} of a server: each rebuilt call runs through its 2026-era layer. Thread-safe. */
public final class StoredAcceptedCalls implements AcceptedCalls {

    private final DeferredEra2026 era2026;
    private final ObjectMapper mapper;

    public StoredAcceptedCalls(DeferredEra2026 era2026, ObjectMapper mapper) {
        this.era2026 = Objects.requireNonNull(era2026, "era2026");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public AcceptedCall of(Map<String, ?> params, RequestOrigin origin) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(origin, "origin");
        JsonNode read;
        try {
            read = mapper.valueToTree(params);
        } catch (IllegalArgumentException notJson) {
            throw new IllegalArgumentException("params must hold JSON values only (maps, lists, strings, numbers,"
                    + " booleans, null), as the call was received");
        }
        if (!(read instanceof ObjectNode stored)) {
            throw new IllegalArgumentException("params must be the call's params object, as it was received");
        }
        // checked before the layer is built, so that a bad stored form costs nothing
        AcceptedRun.checkStored(stored, origin);
        return era2026.acceptedOf(stored, origin);
    }
}
