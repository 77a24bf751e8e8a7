/**
 * Where the user tools keep their users: the repository port, which only stores, finds and orders values the core
 * has already validated, and the values it speaks in.
 */
package dev.bulwark.ports.users;
