package dev.handoff.plugin;

/** A plugin that cannot be loaded; the message names the plugins and where they came from. */
public final class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
