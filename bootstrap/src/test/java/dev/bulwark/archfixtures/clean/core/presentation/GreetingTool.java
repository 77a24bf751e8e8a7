package dev.bulwark.archfixtures.clean.core.presentation;

import dev.bulwark.archfixtures.clean.core.business.GreetingService;
import dev.bulwark.archfixtures.clean.core.error.GreetingFailedException;

/** Presentation layer: calls the business layer, one step down. */
public class GreetingTool {

    private final GreetingService service;

    public GreetingTool(GreetingService service) {
        this.service = service;
    }

    public String call(String name) {
        try {
            return service.greet(name);
        } catch (GreetingFailedException e) {
            return "error: " + e.getMessage();
        }
    }
}
