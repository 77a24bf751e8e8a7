/**
 * The reference packs' tools, one package per pack, and what they share: {@link UntrustedData}, how text from outside
 * the server reaches a model as data, not instructions.
 */
package dev.bulwark.tools.presentation;
