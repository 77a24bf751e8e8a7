package dev.bulwark.core;

/**
 * A tool asked the client for something it cannot give over this connection (sampling, elicitation, roots).
 */
public class ClientFeatureUnavailableException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    private final String feature;

    /**
     * @param tool the tool that asked
     * @param feature the client feature it needed, for example {@code sampling}
     * @param reason why it is unavailable, written for the client
     */
    public ClientFeatureUnavailableException(String tool, String feature, String reason) {
        super("Tool '" + tool + "' needs the client's " + feature + " support: " + reason);
        this.feature = feature;
    }

    /** The client feature that was needed, for example {@code sampling} or {@code elicitation}. */
    public String feature() {
        return feature;
    }

    @Override
    public String errorType() {
        return "client_feature_unavailable";
    }
}
