/** The store that holds rate-limit budgets, local to one process or shared by many. */
package dev.bulwark.ports.ratelimit;
