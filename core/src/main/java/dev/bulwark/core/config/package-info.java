/** The typed configuration model, shared by every layer; bootstrap loads it from defaults, file, environment and flags. */
package dev.bulwark.core.config;
