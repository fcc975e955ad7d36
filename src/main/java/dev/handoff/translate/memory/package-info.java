/**
 * The translation memory: exact translations the project already has, answered before any machine engine.
 *
 * <p>{@link dev.handoff.translate.memory.TranslationMemory} is built once, at start, from groups of equivalent
 * texts in several languages: the desk's quick replies and per-language messages, the {@code human_handoff}
 * preset's per-language texts ({@link dev.handoff.translate.memory.PresetTexts}) and an optional TMX 1.4 file
 * ({@link dev.handoff.translate.memory.Tmx}). It is immutable afterwards: look-ups are map reads, safe from any
 * thread, and never do I/O.
 */
package dev.handoff.translate.memory;
