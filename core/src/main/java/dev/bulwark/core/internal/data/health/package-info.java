/** Running health indicators with a time bound and measuring how long each took. */
package dev.bulwark.core.internal.data.health;
