package dev.bulwark.archfixtures.adaptertocore.core.business;

/** A core class, the target an adapter must not reach. */
public class UserService {

    public String user(String id) {
        return id;
    }
}
