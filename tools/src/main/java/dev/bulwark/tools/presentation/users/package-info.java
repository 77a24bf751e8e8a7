/** The user tools: create_user, get_user, update_user, list_users and delete_user. */
package dev.bulwark.tools.presentation.users;
