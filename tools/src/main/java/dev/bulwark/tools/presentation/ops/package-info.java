/**
 * The operations tools: {@code health_check}, {@code get_metrics} and {@code check_dependencies}; read-only, never
 * cached.
 */
package dev.bulwark.tools.presentation.ops;
