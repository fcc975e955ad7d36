package dev.handoff.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsHttpTest {
    private final PrometheusMeterRegistry registry = Registries.prometheus("handoff-test");

    @AfterEach
    void close() {
        Registries.close(registry);
    }

    @Test
    void aScrapeShowsTheCountersAndTheJvmInPrometheusTextTaggedWithTheApplication() {
        registry.counter("handoff.test.things", "kind", "a").increment(3);
        MetricsHttp http = new MetricsHttp(MetricsSettings.defaults(), registry);

        assertThat(http.handles("/metrics?x=1")).isTrue();
        MetricsHttp.Page page = http.answer("GET", null, null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().get("Content-Type")).startsWith("text/plain; version=0.0.4");
        assertThat(page.headers().get("Content-Length")).isEqualTo(Integer.toString(page.body().length));
        assertThat(page.text())
                .contains("handoff_test_things_total{application=\"handoff-test\",kind=\"a\"} 3.0")
                .contains("jvm_memory_used_bytes")
                .contains("jvm_threads_live_threads");
    }

    @Test
    void aScraperThatAsksForOpenMetricsGetsOpenMetrics() {
        MetricsHttp http = new MetricsHttp(MetricsSettings.defaults(), registry);

        MetricsHttp.Page page = http.answer("GET", null, "application/openmetrics-text; version=1.0.0");

        assertThat(page.headers().get("Content-Type")).startsWith("application/openmetrics-text");
        assertThat(page.text()).endsWith("# EOF\n");
    }

    @Test
    void headGivesTheHeadersOfGetAndNoBody() {
        MetricsHttp.Page page = new MetricsHttp(MetricsSettings.defaults(), registry).answer("HEAD", null, null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).isEmpty();
        assertThat(Integer.parseInt(page.headers().get("Content-Length"))).isPositive();
    }

    @Test
    void withATokenTheScraperMustPresentItAsABearerToken() {
        MetricsHttp http = new MetricsHttp(new MetricsSettings(true, "/metrics", "s3cret"), registry);

        assertThat(http.answer("GET", null, null).status()).isEqualTo(401);
        assertThat(http.answer("GET", null, null).headers()).containsKey("WWW-Authenticate");
        assertThat(http.answer("GET", "Bearer s3cre", null).status()).isEqualTo(401);
        assertThat(http.answer("GET", "Basic s3cret", null).status()).isEqualTo(401);
        assertThat(http.answer("GET", "Bearer s3cret", null).status()).isEqualTo(200);
    }

    @Test
    void offOrOnAnotherPathTheEndpointTakesNoRequest() {
        assertThat(new MetricsHttp(MetricsSettings.off(), registry).handles("/metrics"))
                .isFalse();
        MetricsHttp elsewhere = new MetricsHttp(new MetricsSettings(true, "/ops/prometheus", null), registry);
        assertThat(elsewhere.handles("/metrics")).isFalse();
        assertThat(elsewhere.handles("/ops/prometheus")).isTrue();
        assertThat(elsewhere.handles("/ops/prometheus/x")).isFalse();
    }

    @Test
    void onlyGetAndHeadAreAnswered() {
        MetricsHttp.Page page = new MetricsHttp(MetricsSettings.defaults(), registry).answer("POST", null, null);

        assertThat(page.status()).isEqualTo(405);
        assertThat(page.headers().get("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void aPathThatIsNotAnAbsolutePathOrIsSocketIosIsRefusedAndTheTokenIsNeverShown() {
        assertThatThrownBy(() -> new MetricsSettings(true, "metrics", null)).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> new MetricsSettings(true, "/socket.io/m", null))
                .hasMessageContaining("Socket.IO");
        assertThat(new MetricsSettings(true, "/metrics", "s3cret").toString()).doesNotContain("s3cret");
    }
}
