/** Cache access: the in-memory store and the facade that turns cache failures into misses. */
package dev.bulwark.core.internal.data.cache;
