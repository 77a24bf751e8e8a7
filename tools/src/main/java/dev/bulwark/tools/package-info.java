/** The reference server's built-in tools, built with the same public {@code Tool} API an embedding team uses. */
package dev.bulwark.tools;
