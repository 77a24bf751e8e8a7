/** The gateway the SQL tools run vetted statements through, and the values it speaks in. */
package dev.bulwark.ports.sql;
