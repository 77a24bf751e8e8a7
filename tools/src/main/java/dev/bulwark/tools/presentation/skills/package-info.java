/** The Skills extension's wire: {@code skills/list}, {@code skills/get} and the skill files as resources. */
package dev.bulwark.tools.presentation.skills;
