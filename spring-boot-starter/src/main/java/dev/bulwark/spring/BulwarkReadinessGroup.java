package dev.bulwark.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.env.Environment;

/**
 * Adds Bulwark's health indicator ({@code bulwark}) to the {@code readiness} health group, so a draining or broken
 * Bulwark takes the instance out of its load balancer. It leaves the group as it is when the application lists the
 * group's members itself ({@code management.endpoint.health.group.readiness.include} or {@code .exclude}), and does
 * nothing when there is no readiness group (probes off). Stateless.
 */
final class BulwarkReadinessGroup implements HealthEndpointGroupsPostProcessor {

    static final String READINESS = "readiness";
    static final String MEMBER = "bulwark";
    private static final String GROUP_KEYS = "management.endpoint.health.group." + READINESS + ".";

    private final boolean applicationListsMembers;

    BulwarkReadinessGroup(Environment environment) {
        this.applicationListsMembers = environment.containsProperty(GROUP_KEYS + "include")
                || environment.containsProperty(GROUP_KEYS + "exclude");
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        HealthEndpointGroup readiness = groups.get(READINESS);
        if (readiness == null || applicationListsMembers) {
            return groups;
        }
        Map<String, HealthEndpointGroup> named = new LinkedHashMap<>();
        for (String name : groups.getNames()) {
            named.put(name, groups.get(name));
        }
        named.put(READINESS, new WithBulwark(readiness));
        return HealthEndpointGroups.of(groups.getPrimary(), named);
    }

    /** A group with Bulwark's indicator as a member besides its own. */
    private record WithBulwark(HealthEndpointGroup group) implements HealthEndpointGroup {

        @Override
        public boolean isMember(String name) {
            return MEMBER.equals(name) || group.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return group.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return group.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return group.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return group.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return group.getAdditionalPath();
        }
    }
}
