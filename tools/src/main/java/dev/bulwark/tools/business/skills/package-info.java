/** The catalogue of skills a server serves: their front matter, files, digests and bounds. */
package dev.bulwark.tools.business.skills;
