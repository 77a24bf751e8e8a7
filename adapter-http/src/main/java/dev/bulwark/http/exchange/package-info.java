/**
 * One HTTP exchange on {@code /mcp} from arrival to its last byte, including SSE responses that end after the servlet
 * returns, and an answer sent in one write.
 */
package dev.bulwark.http.exchange;
