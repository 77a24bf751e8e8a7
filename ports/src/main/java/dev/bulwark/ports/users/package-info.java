/** Where the user tools keep their users: the repository port and the values it speaks in. */
package dev.bulwark.ports.users;
