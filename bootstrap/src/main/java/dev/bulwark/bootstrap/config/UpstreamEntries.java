package dev.bulwark.bootstrap.config;

import dev.bulwark.mcpclient.UpstreamSettings;

/**
 * The config file's {@code upstreams} section as {@link NamedRecords} builds it: each upstream built and checked by
 * {@link UpstreamSettings}, its credential from {@code UPSTREAM_CREDENTIAL_<NAME>} winning over the file's; no message
 * quotes a URL, an environment value or a credential. Stateless.
 */
final class UpstreamEntries implements NamedRecords.Kind<UpstreamSettings.Builder, UpstreamSettings> {

    /** The one instance. */
    static final UpstreamEntries UPSTREAMS = new UpstreamEntries();

    private UpstreamEntries() {}

    @Override
    public String section() {
        return UpstreamSettings.SECTION;
    }

    @Override
    public String what() {
        return "upstream";
    }

    @Override
    public boolean isValidName(String name) {
        return UpstreamSettings.isValidName(name);
    }

    @Override
    public UpstreamSettings.Builder builder(String name) {
        return UpstreamSettings.builder(name);
    }

    @Override
    public SectionField<UpstreamSettings.Builder, ?> field(String name) {
        return UpstreamFields.field(name).orElseThrow();
    }

    @Override
    public String credentialVariable(String name) {
        return UpstreamSettings.credentialVariable(name);
    }

    @Override
    public UpstreamSettings.Builder withCredential(UpstreamSettings.Builder builder, String credential) {
        return builder.credential(credential);
    }

    @Override
    public String requiredField() {
        return "transport";
    }

    @Override
    public String requiredBecause() {
        return "stdio (a command Bulwark starts) or http (a Streamable HTTP endpoint)";
    }

    @Override
    public UpstreamSettings build(UpstreamSettings.Builder builder) {
        return builder.build();
    }
}
