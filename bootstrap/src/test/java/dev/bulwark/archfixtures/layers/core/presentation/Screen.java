package dev.bulwark.archfixtures.layers.core.presentation;

/** The top layer: the fixtures in lower layers call it, which breaks the rule. */
public class Screen {

    public void show(String text) {
        System.out.println(text);
    }
}
