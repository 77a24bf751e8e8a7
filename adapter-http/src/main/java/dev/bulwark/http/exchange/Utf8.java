package dev.bulwark.http.exchange;

/**
 * Checks that bytes are UTF-8 as the JDK's strict decoder reads it. Thread-safe.
 */
final class Utf8 {

    private Utf8() {}

    /** The offset of the first byte that starts no valid sequence or breaks one, or -1 when all are UTF-8. */
    public static int firstInvalid(byte[] bytes) {
        int i = 0;
        int length = bytes.length;
        while (i < length) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xff;
            int need;
            int min;
            if (lead >= 0xc2 && lead <= 0xdf) {
                need = 1;
                min = 0x80;
            } else if (lead >= 0xe0 && lead <= 0xef) {
                need = 2;
                min = 0x800;
            } else if (lead >= 0xf0 && lead <= 0xf4) {
                need = 3;
                min = 0x10000;
            } else {
                return i;
            }
            int codePoint = lead & (0x3f >> need);
            for (int k = 1; k <= need; k++) {
                if (i + k >= length || (bytes[i + k] & 0xc0) != 0x80) {
                    return i;
                }
                codePoint = (codePoint << 6) | (bytes[i + k] & 0x3f);
            }
            if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
                return i;
            }
            i += need + 1;
        }
        return -1;
    }
}
