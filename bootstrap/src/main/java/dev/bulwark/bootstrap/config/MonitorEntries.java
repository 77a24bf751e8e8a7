package dev.bulwark.bootstrap.config;

import dev.bulwark.monitor.MonitorTarget;

/**
 * The config file's {@code monitor.targets} section as {@link NamedRecords} builds it: each target built and checked
 * by {@link MonitorTarget}, its credential from {@code MONITOR_CREDENTIAL_<NAME>} winning over the file's; no message
 * quotes a URL or a credential. Stateless.
 */
final class MonitorEntries implements NamedRecords.Kind<MonitorTarget.Builder, MonitorTarget> {

    /** The one instance. */
    static final MonitorEntries TARGETS = new MonitorEntries();

    private MonitorEntries() {}

    @Override
    public String section() {
        return MonitorTargetFields.TARGETS_SECTION;
    }

    @Override
    public String what() {
        return "target";
    }

    @Override
    public boolean isValidName(String name) {
        return MonitorTarget.isValidName(name);
    }

    @Override
    public MonitorTarget.Builder builder(String name) {
        return MonitorTarget.builder(name);
    }

    @Override
    public SectionField<MonitorTarget.Builder, ?> field(String name) {
        return MonitorTargetFields.field(name).orElseThrow();
    }

    @Override
    public String credentialVariable(String name) {
        return MonitorTarget.credentialVariable(name);
    }

    @Override
    public MonitorTarget.Builder withCredential(MonitorTarget.Builder builder, String credential) {
        return builder.credential(credential);
    }

    @Override
    public String requiredField() {
        return "url";
    }

    @Override
    public String requiredBecause() {
        return "the URL of the server's MCP endpoint";
    }

    @Override
    public MonitorTarget build(MonitorTarget.Builder builder) {
        return builder.build();
    }
}
