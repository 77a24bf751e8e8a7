/**
 * The user service behind the user tools: validation and normal forms, ids, timestamps, opaque keyset cursors and
 * conflicts, each failure a client error with a clear message.
 */
package dev.bulwark.tools.business.users;
