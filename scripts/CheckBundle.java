import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a staged release bundle against the rules Maven Central enforces, as listed in docs/releasing.md.
 *
 * <p>Usage: {@code java scripts/CheckBundle.java <staging-directory> <version>}. Prints each broken rule on its own
 * line and exits 1 when there is any; prints one line per artifact checked otherwise.
 */
public final class CheckBundle {

    private static final List<String> CHECKSUMS = List.of("md5", "sha1");
    private static final Map<String, String> ALGORITHMS = Map.of("md5", "MD5", "sha1", "SHA-1");

    private final Path staging;
    private final String version;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Document> poms = new TreeMap<>();

    private CheckBundle(Path staging, String version) {
        this.staging = staging;
        this.version = version;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java scripts/CheckBundle.java <staging-directory> <version>");
            System.exit(2);
        }
        CheckBundle check = new CheckBundle(Path.of(args[0]), args[1]);
        check.run();
        if (!check.problems.isEmpty()) {
            check.problems.forEach(problem -> System.err.println("CheckBundle: " + problem));
            System.exit(1);
        }
    }

    private void run() throws Exception {
        List<Path> artifactDirs;
        try (Stream<Path> files = Files.walk(staging)) {
            artifactDirs = files.filter(path -> path.getFileName().toString().equals(version))
                    .filter(Files::isDirectory)
                    .sorted()
                    .toList();
        }
        if (artifactDirs.isEmpty()) {
            problems.add("no artifact of version " + version + " under " + staging);
            return;
        }
        for (Path dir : artifactDirs) {
            String artifactId = dir.getParent().getFileName().toString();
            Path pom = dir.resolve(artifactId + "-" + version + ".pom");
            if (!Files.exists(pom)) {
                problems.add(artifactId + ": no POM");
                continue;
            }
            poms.put(artifactId, parse(pom));
        }
        for (Path dir : artifactDirs) {
            String artifactId = dir.getParent().getFileName().toString();
            if (poms.containsKey(artifactId)) {
                checkArtifact(dir, artifactId);
            }
        }
    }

    private void checkArtifact(Path dir, String artifactId) throws IOException, NoSuchAlgorithmException {
        Document pom = poms.get(artifactId);
        String packaging = text(pom.getDocumentElement(), "packaging");
        boolean jar = packaging == null || packaging.equals("jar");
        String base = artifactId + "-" + version;
        List<String> required = new ArrayList<>(List.of(base + ".pom"));
        if (jar) {
            required.addAll(List.of(base + ".jar", base + "-sources.jar", base + "-javadoc.jar", base + "-cyclonedx.json"));
        }
        for (String file : required) {
            if (!Files.exists(dir.resolve(file))) {
                problems.add(artifactId + ": missing " + file);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".asc") || name.endsWith(".md5") || name.endsWith(".sha1")
                        || name.endsWith(".sha256") || name.endsWith(".sha512") || name.startsWith("maven-metadata")) {
                    continue;
                }
                if (!Files.exists(dir.resolve(name + ".asc"))) {
                    problems.add(artifactId + ": " + name + " is not signed (no .asc)");
                }
                for (String checksum : CHECKSUMS) {
                    Path sum = dir.resolve(name + "." + checksum);
                    if (!Files.exists(sum)) {
                        problems.add(artifactId + ": " + name + " has no ." + checksum);
                    } else if (!Files.readString(sum).trim().startsWith(digest(file, ALGORITHMS.get(checksum)))) {
                        problems.add(artifactId + ": " + name + "." + checksum + " does not match the file");
                    }
                }
            }
        }
        checkPom(artifactId, pom);
        System.out.println("CheckBundle: " + artifactId + " " + version + " (" + (jar ? "jar" : packaging) + ") ok"
                + (problems.isEmpty() ? "" : " so far"));
    }

    private void checkPom(String artifactId, Document pom) {
        Element project = pom.getDocumentElement();
        for (String own : List.of("name", "description")) {
            if (isBlank(text(project, own))) {
                problems.add(artifactId + ": the POM has no <" + own + "> of its own");
            }
        }
        for (String field : List.of("url", "licenses/license/name", "developers/developer/name", "scm/url",
                "scm/connection")) {
            if (isBlank(inherited(project, field))) {
                problems.add(artifactId + ": the POM (or its parent in the bundle) has no <" + field + ">");
            }
        }
        String text = serialize(pom);
        if (text.contains("-SNAPSHOT")) {
            problems.add(artifactId + ": the POM names a SNAPSHOT version");
        }
        for (String coordinate : List.of("groupId", "version", "parent/groupId", "parent/version")) {
            String value = text(project, coordinate);
            if (value != null && value.contains("${")) {
                problems.add(artifactId + ": the POM's <" + coordinate + "> is an unresolved property");
            }
        }
    }

    /** The value of {@code path} in {@code project}, or in its parent's POM when the parent is in the bundle. */
    private String inherited(Element project, String path) {
        String value = text(project, path);
        if (!isBlank(value)) {
            return value;
        }
        String parent = text(project, "parent/artifactId");
        Document parentPom = parent == null ? null : poms.get(parent);
        return parentPom == null ? null : inherited(parentPom.getDocumentElement(), path);
    }

    private static String text(Element element, String path) {
        Element current = element;
        for (String step : path.split("/")) {
            Element next = null;
            for (Node child = current.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element candidate && candidate.getTagName().equals(step)) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            current = next;
        }
        return current.getTextContent().trim();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    private static String serialize(Document pom) {
        return pom.getDocumentElement().getTextContent() + pomText(pom.getDocumentElement());
    }

    private static String pomText(Element element) {
        StringBuilder text = new StringBuilder("<" + element.getTagName() + ">");
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element nested) {
                text.append(pomText(nested));
            } else {
                text.append(child.getTextContent().trim());
            }
        }
        return text.toString();
    }

    private static String digest(Path file, String algorithm) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file)));
    }
}
