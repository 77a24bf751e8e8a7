/** The user service behind the user tools: validation, ids, timestamps, cursors and conflicts. */
package dev.bulwark.tools.business.users;
