package dev.bulwark.sample.undocumentedpackageinfo;

/** A documented type in a package whose package-info.java has no Javadoc. */
public class Quiet {
}
