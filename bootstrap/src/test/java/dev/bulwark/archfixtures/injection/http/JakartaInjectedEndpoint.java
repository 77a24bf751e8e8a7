package dev.bulwark.archfixtures.injection.http;

import jakarta.inject.Inject;

/** Breaks "only bootstrap knows Dagger": an adapter with a {@code jakarta.inject} {@code @Inject} constructor. */
public class JakartaInjectedEndpoint {

    @Inject
    public JakartaInjectedEndpoint() {
    }
}
