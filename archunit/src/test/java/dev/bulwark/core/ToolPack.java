package dev.bulwark.core;

import java.util.List;

/** Stands in for Bulwark's tool-pack interface, by its real name: the kit finds tools by it. */
public interface ToolPack {

    List<Tool> tools();
}
