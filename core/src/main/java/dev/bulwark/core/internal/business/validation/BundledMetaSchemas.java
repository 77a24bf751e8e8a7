package dev.bulwark.core.internal.business.validation;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.resource.SchemaLoader;
import java.util.Set;

/**
 * The only documents a caller-supplied schema may load: the meta-schemas the validator bundles. Stateless.
 */
final class BundledMetaSchemas {

    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/";
    private static final String DRAFT_2019_09 = "https://json-schema.org/draft/2019-09/";

    private static final Set<String> IRIS = Set.of(
            DRAFT_2020_12 + "schema",
            DRAFT_2020_12 + "meta/core",
            DRAFT_2020_12 + "meta/applicator",
            DRAFT_2020_12 + "meta/unevaluated",
            DRAFT_2020_12 + "meta/validation",
            DRAFT_2020_12 + "meta/meta-data",
            DRAFT_2020_12 + "meta/format-annotation",
            DRAFT_2020_12 + "meta/format-assertion",
            DRAFT_2020_12 + "meta/content",
            DRAFT_2019_09 + "schema",
            DRAFT_2019_09 + "meta/core",
            DRAFT_2019_09 + "meta/applicator",
            DRAFT_2019_09 + "meta/validation",
            DRAFT_2019_09 + "meta/meta-data",
            DRAFT_2019_09 + "meta/format",
            DRAFT_2019_09 + "meta/content",
            "http://json-schema.org/draft-07/schema",
            "http://json-schema.org/draft-06/schema",
            "http://json-schema.org/draft-04/schema");

    private BundledMetaSchemas() {}

    /** A loader that loads the bundled meta-schemas and refuses every other IRI (an {@code InvalidSchemaException}). */
    static SchemaLoader only() {
        return SchemaLoader.builder().allow(BundledMetaSchemas::isBundled).build();
    }

    static boolean isBundled(AbsoluteIri iri) {
        String text = iri == null ? "" : iri.toString();
        return IRIS.contains(text.endsWith("#") ? text.substring(0, text.length() - 1) : text);
    }
}
