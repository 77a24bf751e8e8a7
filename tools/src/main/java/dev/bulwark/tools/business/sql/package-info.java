/**
 * The SQL tools' rules: each statement checked with a real parser and a second, independent lexer before it reaches
 * the database, the access modes, limits, and database refusals in fixed words (docs/tools.md, "How statements are
 * checked").
 */
package dev.bulwark.tools.business.sql;
