#!/usr/bin/env python3
"""Prints the median word count of class Javadoc in main code, per module.

A class Javadoc is the first /** */ block before the top-level type declaration
of a file under <module>/src/main/java (package-info.java and module-info.java
are left out). Words are whitespace-separated tokens after the comment markers,
HTML tags and Javadoc tags such as {@link X} are reduced to their text.
core is split into its API package (dev.bulwark.core and its config package)
and its internal code.

Usage: scripts/javadoc-words.py [repository root] [--files]
  --files also lists every file with its word count, longest first.
"""
import pathlib
import re
import statistics
import sys

TYPE_DECLARATION = re.compile(
    r"^(public\s+|protected\s+|private\s+|abstract\s+|final\s+|sealed\s+|non-sealed\s+|static\s+|strictfp\s+)*"
    r"(class|interface|enum|record|@interface)\s", re.MULTILINE)
JAVADOC = re.compile(r"/\*\*(.*?)\*/", re.DOTALL)
INLINE_TAG = re.compile(r"\{@\w+\s+([^}]*)\}")
HTML_TAG = re.compile(r"</?\w+[^>]*>")


def words(comment):
    text = "\n".join(line.strip().lstrip("*") for line in comment.splitlines())
    text = INLINE_TAG.sub(r"\1", text)
    text = HTML_TAG.sub(" ", text)
    return len(text.split())


def class_javadoc_words(source):
    declaration = TYPE_DECLARATION.search(source)
    if declaration is None:
        return None
    blocks = list(JAVADOC.finditer(source, 0, declaration.start()))
    if not blocks:
        return 0
    return words(blocks[0].group(1))


def group_of(path, root):
    relative = path.relative_to(root)
    module = relative.parts[0]
    if module == "core":
        package = "/".join(relative.parts[relative.parts.index("java") + 1:-1])
        return "core (API)" if package in ("dev/bulwark/core", "dev/bulwark/core/config") else "core (internal)"
    return module


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = pathlib.Path(args[0] if args else ".").resolve()
    groups = {}
    counts = []
    for path in sorted(root.glob("*/src/main/java/**/*.java")):
        if path.name in ("package-info.java", "module-info.java"):
            continue
        count = class_javadoc_words(path.read_text(encoding="utf-8"))
        if count is None:
            continue
        groups.setdefault(group_of(path, root), []).append(count)
        counts.append((count, path.relative_to(root)))
    print(f"{'module':<20} {'files':>5} {'median':>7}")
    for name in sorted(groups):
        values = groups[name]
        print(f"{name:<20} {len(values):>5} {statistics.median(values):>7}")
    everything = [c for c, _ in counts]
    print(f"{'all':<20} {len(everything):>5} {statistics.median(everything):>7}")
    if "--files" in sys.argv:
        for count, path in sorted(counts, reverse=True):
            print(f"{count:>5} {path}")


if __name__ == "__main__":
    main()
