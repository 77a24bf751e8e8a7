/**
 * The reference packs' tools, one package per pack, and what their tools share: {@link
 * dev.bulwark.tools.presentation.UntrustedData}, how stored text reaches a model.
 */
package dev.bulwark.tools.presentation;
