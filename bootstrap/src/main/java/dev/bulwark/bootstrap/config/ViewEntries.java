package dev.bulwark.bootstrap.config;

/**
 * The config file's {@code views} section as {@link NamedRecords} builds it: each view built and checked by
 * {@link ViewSettings}; a view has no credential. Stateless.
 */
final class ViewEntries implements NamedRecords.Kind<ViewSettings.Builder, ViewSettings> {

    /** The one instance. */
    static final ViewEntries VIEWS = new ViewEntries();

    private ViewEntries() {}

    @Override
    public String section() {
        return ViewSettings.SECTION;
    }

    @Override
    public String what() {
        return "view";
    }

    @Override
    public boolean isValidName(String name) {
        return ViewSettings.isValidName(name);
    }

    @Override
    public ViewSettings.Builder builder(String name) {
        return ViewSettings.builder(name);
    }

    @Override
    public SectionField<ViewSettings.Builder, ?> field(String name) {
        return ViewFields.field(name).orElseThrow();
    }

    @Override
    public boolean takesCredential() {
        return false;
    }

    /** Never read: a view has no credential. */
    @Override
    public String credentialVariable(String name) {
        throw new UnsupportedOperationException("a view has no credential");
    }

    @Override
    public ViewSettings.Builder withCredential(ViewSettings.Builder builder, String credential) {
        throw new UnsupportedOperationException("a view has no credential");
    }

    @Override
    public String requiredField() {
        return "uri";
    }

    @Override
    public String requiredBecause() {
        return "the ui:// URI tools link the view by";
    }

    @Override
    public ViewSettings build(ViewSettings.Builder builder) {
        return builder.build();
    }
}
