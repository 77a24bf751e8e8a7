/** The data layer: access to the outside world through ports, with failure translation and metrics. */
package dev.bulwark.core.internal.data;
