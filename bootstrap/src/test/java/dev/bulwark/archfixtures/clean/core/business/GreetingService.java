package dev.bulwark.archfixtures.clean.core.business;

import dev.bulwark.archfixtures.clean.core.data.GreetingRepository;
import dev.bulwark.archfixtures.clean.core.error.GreetingFailedException;

/** Business layer: calls the data layer, one step down. */
public class GreetingService {

    private final GreetingRepository repository;

    public GreetingService(GreetingRepository repository) {
        this.repository = repository;
    }

    public String greet(String name) {
        if (name.length() > 100) {
            throw new GreetingFailedException("name too long");
        }
        return repository.greeting(name);
    }
}
