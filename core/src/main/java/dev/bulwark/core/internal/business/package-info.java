/** The business layer: services and rules, reached by presentation, reaching the outside only through the data layer. */
package dev.bulwark.core.internal.business;
