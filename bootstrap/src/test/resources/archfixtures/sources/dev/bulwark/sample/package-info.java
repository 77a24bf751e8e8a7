/** A documented package: nothing here may be reported except the undocumented public types. */
package dev.bulwark.sample;
