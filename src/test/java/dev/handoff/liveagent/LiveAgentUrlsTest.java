package dev.handoff.liveagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A live-agent server's URLs, and their text as the conversation store keeps it. */
class LiveAgentUrlsTest {

    @Test
    void aSingleUrlStoredBeforeSeveralWereAllowedReadsAsThatUrl() {
        LiveAgentUrls urls = LiveAgentUrls.parse("http://127.0.0.1:5005");
        assertThat(urls).isEqualTo(LiveAgentUrls.of(URI.create("http://127.0.0.1:5005")));
        assertThat(urls.text()).isEqualTo("http://127.0.0.1:5005");
    }

    @Test
    void severalUrlsAreKeptAsOneTextSeparatedBySpacesAndReadBackInTheirOrder() {
        LiveAgentUrls urls = LiveAgentUrls.of(
                URI.create("https://n2.desk.example.org"),
                URI.create("http://n1.desk.example.org:5005/support"),
                URI.create("http://n3.desk.example.org/a%20b"));
        assertThat(urls.text())
                .isEqualTo("https://n2.desk.example.org http://n1.desk.example.org:5005/support"
                        + " http://n3.desk.example.org/a%20b");
        assertThat(LiveAgentUrls.parse(urls.text())).isEqualTo(urls);
        assertThat(urls.first()).isEqualTo(URI.create("https://n2.desk.example.org"));
    }

    @Test
    void oneUrlTwiceIsRefusedATrailingSlashNotMakingAnotherUrl() {
        assertThatThrownBy(() -> LiveAgentUrls.of(URI.create("http://n1:5005"), URI.create("http://n1:5005/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("[duplicate-id] live-agent URL 2 'http://n1:5005/' is URL 1 again");
    }

    @Test
    void noUrlOrMoreThanOneServerMayHaveIsRefused() {
        assertThatThrownBy(() -> new LiveAgentUrls(List.of()))
                .hasMessage("[out-of-range] a live-agent server has 1 to 16 URLs, not 0");
        assertThatThrownBy(() -> LiveAgentUrls.parse("  "))
                .hasMessage("[out-of-range] a live-agent server has 1 to 16 URLs, not 0");
        List<URI> seventeen = IntStream.rangeClosed(1, 17)
                .mapToObj(i -> URI.create("http://n" + i))
                .toList();
        assertThatThrownBy(() -> new LiveAgentUrls(seventeen))
                .hasMessage("[out-of-range] a live-agent server has 1 to 16 URLs, not 17");
    }
}
