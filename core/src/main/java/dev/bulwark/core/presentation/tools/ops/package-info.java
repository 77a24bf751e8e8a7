/** The operations tools: {@code health_check}, {@code get_metrics} and {@code check_dependencies}. */
package dev.bulwark.core.presentation.tools.ops;
