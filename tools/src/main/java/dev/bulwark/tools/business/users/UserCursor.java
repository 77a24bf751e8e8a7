package dev.bulwark.tools.business.users;

import dev.bulwark.ports.users.UserPosition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * The opaque cursor {@code list_users} hands out: a URL-safe Base64 form of the last listed user's position
 * ({@code v1:<createdAt in epoch microseconds>:<id>}). Callers must treat it as opaque; a cursor that does not
 * decode is refused with a clear message. It is not signed: it carries only a position in a list the caller may read
 * whole, so a made-up one only starts a page elsewhere. Stateless and thread-safe.
 */
public final class UserCursor {

    private static final String VERSION = "v1";

    private UserCursor() {
    }

    /** The cursor that continues after {@code position}. */
    public static String encode(UserPosition position) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, position.createdAt());
        String text = VERSION + ":" + micros + ":" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor stands for, or an error saying the cursor is not one of ours. */
    public static UserPosition decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = text.split(":", 3);
            if (parts.length != 3 || !VERSION.equals(parts[0])) {
                throw invalid();
            }
            Instant createdAt = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
            return new UserPosition(createdAt, UserRules.id(parts[2]));
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException
                | InvalidUserInputException e) {
            throw invalid(); // about the cursor, never about the user id inside it
        }
    }

    private static InvalidUserInputException invalid() {
        return new InvalidUserInputException("cursor",
                "is not a cursor this server issued; pass the nextCursor of a previous list_users answer, or omit it"
                        + " to start from the first user");
    }
}
