/**
 * The tool list as its answers write it: each tool's JSON serialized once, when the server is assembled, and shared
 * by every {@code tools/list} answer of both protocol eras.
 */
package dev.bulwark.core.internal.presentation.listing;
