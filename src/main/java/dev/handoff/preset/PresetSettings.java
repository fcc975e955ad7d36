package dev.handoff.preset;

import dev.handoff.yaml.Binder;
import dev.handoff.yaml.YNode.YMap;
import java.util.Objects;
import java.util.Optional;

/**
 * A plugin's typed binding of one preset's settings (as Javalin's {@code Plugin<CONFIG>}): when a
 * bot enables {@code preset}, the loader merges the bot's overrides over the preset's defaults and
 * calls {@link #bind} once; the record it returns is kept on the bot ({@link BotDef#settings(Class)})
 * and is what the plugin's actions read at run time. Nothing binds the settings a second time.
 *
 * <p><b>Stable</b> since 0.1. {@code bind} runs on the thread that loads the bot, before the bot
 * exists; it must report every problem to the binder with its location (and a code) and return
 * empty if there is one, and must not keep the binder or do I/O.
 *
 * @param preset the name of the preset, as in its file's {@code preset:} key
 * @param type the record the settings are bound to; one type per preset
 * @param binding reads the merged settings into a {@code type}, reporting problems to the binder
 * @param <T> the settings record
 */
public record PresetSettings<T>(String preset, Class<T> type, Binding<T> binding) {

    /** Reads a preset's merged settings into a record. */
    @FunctionalInterface
    public interface Binding<T> {
        Optional<T> bind(YMap settings, Binder binder);
    }

    public PresetSettings {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(binding, "binding");
    }

    /** Binds {@code settings}: the record, or empty with every problem reported to {@code binder}. */
    public Optional<T> bind(YMap settings, Binder binder) {
        return binding.bind(settings, binder).map(type::cast);
    }
}
