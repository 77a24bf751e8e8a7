package dev.bulwark.archfixtures.layers.core.business;

/** The business layer. */
public class Service {

    public String work() {
        return "work";
    }
}
