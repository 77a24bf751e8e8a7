package dev.bulwark.bootstrap.config;

import dev.bulwark.outbound.ServiceSettings;
import dev.bulwark.ports.outbound.ServiceDescriptor;
import java.util.Optional;

/**
 * The config file's {@code services} section as {@link NamedRecords} builds it: each service built and checked by the
 * adapter's {@link ServiceSettings}, its credential from {@code API_KEY_<NAME>} winning over the file's. Stateless.
 */
final class ServiceEntries implements NamedRecords.Kind<ServiceSettings.Builder, ServiceSettings> {

    /** The one instance. */
    static final ServiceEntries SERVICES = new ServiceEntries();

    private ServiceEntries() {}

    @Override
    public String section() {
        return ServiceFields.SECTION;
    }

    @Override
    public String what() {
        return "service";
    }

    @Override
    public boolean isValidName(String name) {
        return ServiceDescriptor.isValidName(name);
    }

    @Override
    public ServiceSettings.Builder builder(String name) {
        return ServiceSettings.builder(name);
    }

    @Override
    public SectionField<ServiceSettings.Builder, ?> field(String name) {
        return ServiceFields.field(name).orElseThrow();
    }

    @Override
    public String credentialVariable(String name) {
        return ServiceSettings.credentialVariable(name);
    }

    @Override
    public ServiceSettings.Builder withCredential(ServiceSettings.Builder builder, String credential) {
        return builder.credential(Optional.of(credential));
    }

    @Override
    public java.util.Map<String, String> moreCredentialVariables(String name, java.util.Collection<String> fieldNames) {
        return ServiceFields.schemeCredentialVariables(name, fieldNames);
    }

    @Override
    public String requiredField() {
        return "base-url";
    }

    @Override
    public String requiredBecause() {
        return "the URL every request of the service goes under";
    }

    @Override
    public ServiceSettings build(ServiceSettings.Builder builder) {
        return builder.build();
    }

    /** A base URL no request can reach: a service checked with it is never called, only its document read. */
    @Override
    public Optional<ServiceSettings.Builder> withRequiredStandIn(ServiceSettings.Builder builder) {
        return Optional.of(builder.baseUrl("http://base-url.invalid/"));
    }
}
