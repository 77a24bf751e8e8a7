package dev.bulwark.archfixtures.adaptertocore.http;

import dev.bulwark.archfixtures.adaptertocore.core.business.UserService;

/** Breaks "adapters depend on neither core nor bootstrap": the HTTP adapter calls a core service. */
public class HttpEndpointCallingCore {

    public String get(UserService users, String id) {
        return users.user(id);
    }
}
