package dev.bulwark.archfixtures.layers.core.presentation;

import dev.bulwark.archfixtures.layers.core.data.Repository;

/** Breaks the core layers: presentation skips business and reads the data layer itself. */
public class ScreenSkippingBusiness {

    public String show(Repository repository) {
        return repository.load();
    }
}
