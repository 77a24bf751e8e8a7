/** Access to the user repository port, with its saturation failures translated for the caller. */
package dev.bulwark.tools.data.users;
