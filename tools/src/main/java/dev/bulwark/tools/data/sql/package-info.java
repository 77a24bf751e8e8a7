/** Access to the SQL gateway port, with its saturation failures translated for the caller. */
package dev.bulwark.tools.data.sql;
