package dev.bulwark.sample;

final class PackagePrivateHelper {
}

/** Only public top-level types need a Javadoc, so neither type in this file is reported. */
interface AnotherPackagePrivateType {
}
