// A line comment is not a Javadoc.
package dev.bulwark.sample.undocumentedpackageinfo;
