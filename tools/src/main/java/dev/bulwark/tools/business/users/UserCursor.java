package dev.bulwark.tools.business.users;

import dev.bulwark.ports.users.UserPosition;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * The opaque cursor {@code list_users} hands out.
 */
final class UserCursor {

    private static final String VERSION = "v1";

    /** The earliest and latest time a cursor may hold: the years 1 to 9999, stored by every supported database. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private UserCursor() {}

    /** The cursor that continues after {@code position}. */
    public static String encode(UserPosition position) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, position.createdAt());
        String text = VERSION + ":" + micros + ":" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The position a cursor stands for, or an error saying the cursor is not one of ours. Cursors are not signed:
     * one carries only a position in a list the caller may read whole, so a made-up one only starts a page elsewhere.
     */
    public static UserPosition decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = text.split(":", 3);
            if (parts.length != 3 || !VERSION.equals(parts[0])) {
                throw invalid();
            }
            Instant createdAt = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
            if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST)) {
                throw invalid();
            }
            return new UserPosition(createdAt, UserRules.id(parts[2]));
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException | InvalidUserInputException e) {
            throw invalid(); // about the cursor, never about the user id inside it
        }
    }

    private static InvalidUserInputException invalid() {
        return new InvalidUserInputException(
                "cursor",
                "is not a cursor this server issued; pass the nextCursor of a previous list_users answer, or omit it"
                        + " to start from the first user");
    }
}
