/** Bulwark's pure core: the tool author API, the tool pipeline, services and the configuration and health models. */
package dev.bulwark.core;
