/**
 * The gateway the SQL tools run vetted statements through, which enforces the same limits again in the database, and
 * the values it speaks in; neither the statement text nor the database's own message ever reaches a failure.
 */
package dev.bulwark.ports.sql;
