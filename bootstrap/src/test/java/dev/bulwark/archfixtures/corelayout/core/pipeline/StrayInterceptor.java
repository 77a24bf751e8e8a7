package dev.bulwark.archfixtures.corelayout.core.pipeline;

/** Breaks "core classes live in a layer or the shared kernel": a core package outside every layer. */
public class StrayInterceptor {
}
