/** JSON Schema validation with field-level violations, for tool arguments and for data the tools check. */
package dev.bulwark.core.internal.business.validation;
