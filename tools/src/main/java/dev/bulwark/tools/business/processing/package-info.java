/** Operations on caller-supplied JSON values: flattening and trimming, validation against a JSON Schema, analysis. */
package dev.bulwark.tools.business.processing;
