/** Calls through the gateway: an upstream's answer as a tool result, its failures as the errors of every service. */
package dev.bulwark.tools.business.gateway;
