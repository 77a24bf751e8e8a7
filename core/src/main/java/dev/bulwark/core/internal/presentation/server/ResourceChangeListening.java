package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.Extension;
import dev.bulwark.core.ExtensionChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Listens to the resource changes of extensions for one announcer, which never fails the extension. Stateless. */
public final class ResourceChangeListening {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceChangeListening.class);

    private ResourceChangeListening() {}

    /**
     * Runs {@code announce} after each change of the resources of any of {@code extensions} that announces them; a
     * failing announcement is logged, not thrown. The returned handle stops every listening.
     */
    public static AutoCloseable listen(List<Extension> extensions, Runnable announce) {
        List<AutoCloseable> handles = new ArrayList<>();
        for (Extension extension : extensions) {
            Optional<ExtensionChanges> changes = extension.resourceChanges();
            changes.ifPresent(feed -> handles.add(feed.listen(() -> {
                try {
                    announce.run();
                } catch (RuntimeException e) {
                    LOG.debug(
                            "A change of the resources of {} could not be announced: {}", extension.id(), e.toString());
                }
            })));
        }
        return () -> {
            for (AutoCloseable handle : handles) {
                try {
                    handle.close();
                } catch (Exception e) {
                    LOG.debug("Could not stop listening to resource changes: {}", e.toString());
                }
            }
        };
    }
}
