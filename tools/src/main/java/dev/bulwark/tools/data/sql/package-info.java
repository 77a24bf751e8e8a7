/**
 * Access to the SQL gateway port, a saturated database turned into a "busy, retry shortly" failure.
 */
package dev.bulwark.tools.data.sql;
