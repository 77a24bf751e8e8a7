package dev.bulwark.archfixtures.layers.core.config;

import dev.bulwark.archfixtures.layers.core.business.Service;

/** Breaks the core layers: the shared kernel (config) depends on a layer. */
public class SettingsDependingOnBusiness {

    public String defaultValue(Service service) {
        return service.work();
    }
}
