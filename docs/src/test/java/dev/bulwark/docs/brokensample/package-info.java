/**
 * A sample application that breaks the kit's rules on purpose: its tool reads the data layer directly. It proves
 * that the architecture-rules example of the docs fails when an application does this.
 */
package dev.bulwark.docs.brokensample;
