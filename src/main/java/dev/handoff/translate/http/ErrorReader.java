package dev.handoff.translate.http;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a provider's JSON error answer (any HTTP status but 2xx). Must not throw; missing fields read empty. */
@FunctionalInterface
public interface ErrorReader {
    ProviderError read(int status, JsonNode body);
}
