package dev.bulwark.archfixtures.layers.core.data;

import dev.bulwark.archfixtures.layers.core.presentation.Screen;

/** Breaks the core layers: the data layer calls presentation. */
public class RepositoryCallingPresentation {

    public void load(Screen screen) {
        screen.show("loaded");
    }
}
