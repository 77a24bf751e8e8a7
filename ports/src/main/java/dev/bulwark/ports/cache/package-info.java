/** The key-value store the response cache is built on. */
package dev.bulwark.ports.cache;
