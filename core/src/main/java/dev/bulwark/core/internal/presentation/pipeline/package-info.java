/** The tool pipeline: small interceptors applied around every tool handler, in a fixed order. */
package dev.bulwark.core.internal.presentation.pipeline;
