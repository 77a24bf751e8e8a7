/** The bare MCP Java SDK server that the load script (scripts/load.sh) measures Bulwark against. */
package dev.bulwark.loadtest;
