package dev.bulwark.archfixtures.layers.core.data;

import dev.bulwark.archfixtures.layers.core.business.Service;

/** Breaks the core layers: the data layer calls business, the layer above it. */
public class RepositoryCallingBusiness {

    public String load(Service service) {
        return service.work();
    }
}
