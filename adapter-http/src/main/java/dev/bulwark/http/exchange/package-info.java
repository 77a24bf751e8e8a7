/**
 * One HTTP exchange on {@code /mcp} from arrival to its last byte (an SSE stream ends long after it started), the
 * handler that opens it, and the base of the edge handlers that pass it on in order.
 */
package dev.bulwark.http.exchange;
