/** The {@code process_data} tool: transform, validate or analyze a caller-supplied JSON value. */
package dev.bulwark.tools.presentation.data;
