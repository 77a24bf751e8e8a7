/**
 * The reference server's built-in tool packs (ops, data, users, SQL, services, conformance), built with the same
 * public {@code Tool} API an embedding team uses.
 */
package dev.bulwark.tools;
