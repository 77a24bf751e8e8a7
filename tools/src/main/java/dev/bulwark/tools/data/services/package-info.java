/** The service tools' access to the {@link dev.bulwark.ports.outbound.ServiceClient} port. */
package dev.bulwark.tools.data.services;
