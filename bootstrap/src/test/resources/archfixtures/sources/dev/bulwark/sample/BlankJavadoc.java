package dev.bulwark.sample;

/**
 *
 */
public enum BlankJavadoc {
    ONLY
}
