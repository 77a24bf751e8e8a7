/**
 * Who is calling: the principal a transport authenticated, with its scopes, and address ranges parsed without DNS.
 */
package dev.bulwark.ports.security;
