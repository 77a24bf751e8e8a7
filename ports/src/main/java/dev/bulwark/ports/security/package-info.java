/** Who is calling: the principal a transport authenticated, with the scopes it holds, and how it reaches the core. */
package dev.bulwark.ports.security;
