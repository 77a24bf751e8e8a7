/**
 * Bulwark's API: the {@link dev.bulwark.core.Bulwark} front door and everything a tool author touches (tools,
 * results, the call context, cache policies, resources, prompts, packs and the errors). Settings are in
 * {@code dev.bulwark.core.config}. Everything under {@code dev.bulwark.core.internal} is not API and may change in
 * any release, and no public method of this package returns one.
 */
package dev.bulwark.core;
