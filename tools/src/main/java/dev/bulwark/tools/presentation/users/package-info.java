/**
 * The user tools: {@code create_user}, {@code get_user}, {@code update_user}, {@code list_users} and
 * {@code delete_user}; stored names and emails are presented as untrusted data.
 */
package dev.bulwark.tools.presentation.users;
