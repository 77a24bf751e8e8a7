/**
 * The {@code process_data} tool: transform, validate or analyze a caller-supplied JSON value, read in the cache key's
 * canonical form so calls that share a key get the same answer.
 */
package dev.bulwark.tools.presentation.data;
