package dev.bulwark.sample;

/* A plain block comment is not a Javadoc. */
// Nor is a line comment.
public record PlainCommentOnly(String value) {
}
