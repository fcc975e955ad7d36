package dev.handoff.translate;

/** A detected language code and the detector's confidence, from 0 to 1. */
public record DetectedLanguage(String language, double confidence) {}
