package dev.bulwark.archfixtures.layers.core.data;

/** The data layer. */
public class Repository {

    public String load() {
        return "row";
    }
}
