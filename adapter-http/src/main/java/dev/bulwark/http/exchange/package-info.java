/** One HTTP exchange on {@code /mcp} from arrival to its last byte, including SSE responses that end after the servlet returns. */
package dev.bulwark.http.exchange;
