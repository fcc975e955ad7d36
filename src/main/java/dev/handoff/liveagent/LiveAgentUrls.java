package dev.handoff.liveagent;

import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The addresses of one live-agent server: its base URLs (the nodes of one desk, or one URL), in the order a client
 * tries them. A session connects to the first; after a failed attempt or a lost connection its next attempt goes to
 * the next, round robin (README "Several live-agent URLs"). 1 to {@value #MAX} URLs, none twice (a trailing
 * {@code /} does not make another URL).
 *
 * <p>{@link #text()} is the URLs separated by one space (a URL has no space in it), read back by {@link #parse}: the
 * form the conversation store keeps, where one URL alone is stored as it always was.
 */
public record LiveAgentUrls(List<URI> urls) {
    /** The most URLs one live-agent server may have. */
    public static final int MAX = 16;

    /**
     * @throws IllegalArgumentException {@code [out-of-range]} without URLs or with more than {@value #MAX}; {@code
     *     [duplicate-id]} with one URL twice
     */
    public LiveAgentUrls {
        urls = List.copyOf(Objects.requireNonNull(urls, "urls"));
        if (urls.isEmpty() || urls.size() > MAX) {
            throw new IllegalArgumentException(
                    "[out-of-range] a live-agent server has 1 to " + MAX + " URLs, not " + urls.size());
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < urls.size(); i++) {
            Integer earlier = seen.putIfAbsent(sameServer(urls.get(i)), i + 1);
            if (earlier != null) {
                throw new IllegalArgumentException("[duplicate-id] live-agent URL " + (i + 1) + " '" + urls.get(i)
                        + "' is URL " + earlier + " again");
            }
        }
    }

    /** The URLs, in order. */
    public static LiveAgentUrls of(URI... urls) {
        return new LiveAgentUrls(List.of(urls));
    }

    /**
     * The URLs of a {@link #text()}: separated by white space. A stored single URL (the only form before several were
     * allowed) reads as itself.
     *
     * @throws IllegalArgumentException when a part is not a URI, or as the constructor
     */
    public static LiveAgentUrls parse(String text) {
        String trimmed = Objects.requireNonNull(text, "text").strip();
        return new LiveAgentUrls(
                trimmed.isEmpty()
                        ? List.of()
                        : Arrays.stream(trimmed.split("\\s+")).map(URI::create).toList());
    }

    /**
     * What makes two URLs the same server here: the URL without its trailing {@code /}s (the client adds the
     * namespace after removing them).
     */
    public static String sameServer(URI url) {
        return url.toString().replaceAll("/+$", "");
    }

    /** The first URL: where a session connects first. */
    public URI first() {
        return urls.get(0);
    }

    public int size() {
        return urls.size();
    }

    /** The URLs separated by one space; one URL alone is just that URL. */
    public String text() {
        return String.join(" ", urls.stream().map(URI::toString).toList());
    }

    @Override
    public String toString() {
        return text();
    }
}
