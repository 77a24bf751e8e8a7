/** The tool author API: declare tools, resources and prompts with typed inputs and results. */
package dev.bulwark.core.internal.presentation.tool;
