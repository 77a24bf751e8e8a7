package dev.bulwark.sample.nopackageinfo;

/** A documented type in a package that has no package-info.java. */
public class Orphan {
}
