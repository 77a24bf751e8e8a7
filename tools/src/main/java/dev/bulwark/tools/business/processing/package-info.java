/**
 * Operations on caller-supplied JSON values behind {@code process_data}: flattening and trimming, analysis, and
 * validation against a caller's JSON Schema, which is first checked to be local, finite and bounded in the work it
 * asks for, and never kept after its call.
 */
package dev.bulwark.tools.business.processing;
