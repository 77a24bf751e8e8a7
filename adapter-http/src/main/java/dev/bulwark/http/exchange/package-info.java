/**
 * One HTTP exchange on {@code /mcp} from arrival to its last byte (an SSE stream ends long after it started): the one
 * object allocated per request on the edge, the handler that opens it, and the base of the edge handlers.
 */
package dev.bulwark.http.exchange;
