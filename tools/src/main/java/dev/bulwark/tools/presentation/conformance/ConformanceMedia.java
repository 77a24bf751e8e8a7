package dev.bulwark.tools.presentation.conformance;

/** The tiny media files the conformance scenarios expect, base64-encoded as they travel. */
final class ConformanceMedia {

    /** A 1x1 red pixel PNG. */
    static final String RED_PIXEL_PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    /** A WAV file holding no samples (8 kHz, 16-bit mono header only). */
    static final String EMPTY_WAV = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQAAAAA=";

    private ConformanceMedia() {}
}
