package dev.bulwark.archfixtures.clean.core.config;

/** Shared kernel: used by every layer, depends on none. */
public record GreetingSettings(String salutation) {
}
