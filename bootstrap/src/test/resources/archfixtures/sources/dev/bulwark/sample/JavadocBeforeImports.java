package dev.bulwark.sample;

/** This Javadoc belongs to nothing: the import below separates it from the type. */
import java.util.List;

public @interface JavadocBeforeImports {
    Class<? extends List<?>> value();
}
