/**
 * Access to the user repository port, a saturated store turned into a "busy, retry shortly" failure.
 */
package dev.bulwark.tools.data.users;
