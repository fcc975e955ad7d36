package dev.handoff.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsHttpTest {
    private final PrometheusMeterRegistry registry = Registries.prometheus("handoff-test");

    @AfterEach
    void close() {
        Registries.close(registry);
    }

    private static DefaultFullHttpRequest get(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }

    @Test
    void aScrapeShowsTheCountersAndTheJvmInPrometheusTextTaggedWithTheApplication() {
        registry.counter("handoff.test.things", "kind", "a").increment(3);
        MetricsHttp http = new MetricsHttp(MetricsSettings.defaults(), registry);

        assertThat(http.handles(get("/metrics?x=1"))).isTrue();
        FullHttpResponse res = http.answer(get("/metrics"));

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("text/plain; version=0.0.4");
        String page = res.content().toString(StandardCharsets.UTF_8);
        assertThat(page)
                .contains("handoff_test_things_total{application=\"handoff-test\",kind=\"a\"} 3.0")
                .contains("jvm_memory_used_bytes")
                .contains("jvm_threads_live_threads");
    }

    @Test
    void aScraperThatAsksForOpenMetricsGetsOpenMetrics() {
        MetricsHttp http = new MetricsHttp(MetricsSettings.defaults(), registry);
        var req = get("/metrics");
        req.headers().set(HttpHeaderNames.ACCEPT, "application/openmetrics-text; version=1.0.0");

        FullHttpResponse res = http.answer(req);

        assertThat(res.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("application/openmetrics-text");
        assertThat(res.content().toString(StandardCharsets.UTF_8)).endsWith("# EOF\n");
    }

    @Test
    void withATokenTheScraperMustPresentItAsABearerToken() {
        MetricsHttp http = new MetricsHttp(new MetricsSettings(true, "/metrics", "s3cret"), registry);

        assertThat(http.answer(get("/metrics")).status().code()).isEqualTo(401);
        var wrong = get("/metrics");
        wrong.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer s3cre");
        assertThat(http.answer(wrong).status().code()).isEqualTo(401);
        var right = get("/metrics");
        right.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer s3cret");
        assertThat(http.answer(right).status().code()).isEqualTo(200);
    }

    @Test
    void offOrOnAnotherPathTheEndpointTakesNoRequest() {
        assertThat(new MetricsHttp(MetricsSettings.off(), registry).handles(get("/metrics")))
                .isFalse();
        MetricsHttp elsewhere = new MetricsHttp(new MetricsSettings(true, "/ops/prometheus", null), registry);
        assertThat(elsewhere.handles(get("/metrics"))).isFalse();
        assertThat(elsewhere.handles(get("/ops/prometheus"))).isTrue();
    }

    @Test
    void onlyGetAndHeadAreAnswered() {
        MetricsHttp http = new MetricsHttp(MetricsSettings.defaults(), registry);
        var post = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/metrics");

        FullHttpResponse res = http.answer(post);

        assertThat(res.status().code()).isEqualTo(405);
        assertThat(res.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("GET, HEAD");
    }

    @Test
    void aPathThatIsNotAnAbsolutePathOrIsSocketIosIsRefusedAndTheTokenIsNeverShown() {
        assertThatThrownBy(() -> new MetricsSettings(true, "metrics", null)).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> new MetricsSettings(true, "/socket.io/m", null))
                .hasMessageContaining("Socket.IO");
        assertThat(new MetricsSettings(true, "/metrics", "s3cret").toString()).doesNotContain("s3cret");
    }
}
