/** JSON messages as the UTF-8 bytes a transport writes, held in chunks so that a large one is never copied whole. */
package dev.bulwark.ports.json;
