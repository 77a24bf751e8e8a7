package dev.bulwark.archfixtures.injection.core.business;

import javax.inject.Inject;

/** Breaks "only bootstrap knows Dagger": a core class with a JSR-330 {@code @Inject} constructor. */
public class InjectedService {

    @Inject
    public InjectedService() {
    }
}
