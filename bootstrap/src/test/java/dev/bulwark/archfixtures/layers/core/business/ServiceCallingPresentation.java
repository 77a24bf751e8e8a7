package dev.bulwark.archfixtures.layers.core.business;

import dev.bulwark.archfixtures.layers.core.presentation.Screen;

/** Breaks the core layers: the business layer calls presentation. */
public class ServiceCallingPresentation {

    public void work(Screen screen) {
        screen.show("done");
    }
}
