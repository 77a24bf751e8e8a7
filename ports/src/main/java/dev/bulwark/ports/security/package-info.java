/** Who is calling: the principal a transport authenticated, with the scopes it holds. */
package dev.bulwark.ports.security;
