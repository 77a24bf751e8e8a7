/**
 * The service tools' access to the {@link dev.bulwark.ports.outbound.ServiceClient} port; nothing is retried here.
 */
package dev.bulwark.tools.data.services;
