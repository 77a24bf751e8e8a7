/** The SQL tools' rules: statement analysis with a real parser, access modes, limits and safe error messages. */
package dev.bulwark.tools.business.sql;
