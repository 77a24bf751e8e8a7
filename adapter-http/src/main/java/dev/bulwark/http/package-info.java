/** The Streamable HTTP transport on embedded Jetty 12 with the operations endpoints; it arrives with the HTTP transport issue. */
package dev.bulwark.http;
