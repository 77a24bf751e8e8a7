package dev.bulwark.sample;

public class Undocumented {

    /** A member's Javadoc does not document the type. */
    public void run() {
    }
}
