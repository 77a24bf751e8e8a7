/** Reads a folder of skills from disk, refusing any path that would leave it. */
package dev.bulwark.tools.data.skills;
