package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.config.AgentConfig;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigException;
import dev.handoff.desk.config.DeskConfigLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SecurityConfigTest {
    @Test
    void aLoopbackDeskAllowsKeylessBotsAndOnlyItsOwnOriginOnAgents() {
        DeskConfig config = DeskConfigLoader.parse("{}", "desk.yaml");
        assertThat(config.security().keylessBots()).isTrue();
        assertThat(config.security().origins().liveAgent()).isEmpty();
        assertThat(config.security().origins().agents()).contains("http://127.0.0.1:5005", "http://localhost:5005");
        assertThat(config.security().origins().allowsAgents("http://127.0.0.1:5005"))
                .isTrue();
        assertThat(config.security().origins().allowsAgents("https://evil.example"))
                .isFalse();
        assertThat(config.security().origins().allowsAgents("null")).isFalse();
        assertThat(config.security().origins().allowsLiveAgent(null)).isTrue();
        assertThat(config.security().tls()).isNull();
    }

    @Test
    void aDeskOnEveryInterfaceRefusesKeylessBotsUnlessItSaysSo() {
        assertThat(DeskConfigLoader.parse("host: 0.0.0.0", "desk.yaml")
                        .security()
                        .keylessBots())
                .isFalse();
        assertThat(DeskConfigLoader.parse("host: 0.0.0.0\nsecurity: {keylessBots: true}", "desk.yaml")
                        .security()
                        .keylessBots())
                .isTrue();
    }

    @Test
    void botsLimitsOriginsAndRolesAreRead() {
        DeskConfig config = DeskConfigLoader.parse(
                """
                agents:
                  - {name: ann, token: t-ann, role: supervisor}
                  - {name: bob, token: t-bob}
                bots:
                  - {id: shop, key: 0123456789abcdef-shop, maxChats: 100}
                security:
                  keylessBots: false
                  origins: {liveAgent: [https://shop.example.org], agents: [https://desk.example.org:8443]}
                  trustedProxies: [10.0.0.1]
                  limits: {eventsPerSecond: 7, signInLockout: 2m}
                """,
                "desk.yaml");
        assertThat(config.agent("ann").orElseThrow().role()).isEqualTo(AgentConfig.Role.SUPERVISOR);
        assertThat(config.agent("bob").orElseThrow().supervisor()).isFalse();
        assertThat(config.security().bot("shop").orElseThrow().maxChats()).isEqualTo(100);
        assertThat(config.security().botByKey("0123456789abcdef-shop")).isPresent();
        assertThat(config.security().keylessBots()).isFalse();
        assertThat(config.security().origins().allowsLiveAgent("https://shop.example.org"))
                .isTrue();
        assertThat(config.security().origins().allowsAgents("http://127.0.0.1:5005"))
                .isFalse();
        assertThat(config.security().trustedProxies()).containsExactly("10.0.0.1");
        assertThat(config.security().limits().eventsPerSecond()).isEqualTo(7);
        assertThat(config.security().limits().signInLockout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.security().limits().eventBurst()).isEqualTo(500);
    }

    @Test
    void aWildcardOriginAShortKeyAnUnknownRoleAndAMissingCertificateAreLocatedErrors() {
        String yaml =
                """
                agents:
                  - {name: ann, token: t-ann, role: boss}
                bots:
                  - {id: shop, key: short}
                security:
                  origins: {agents: ["*", "https://desk.example.org/console"]}
                  tls: {certificate: no-such-cert.pem, privateKey: no-such-key.pem}
                  limits: {eventBurst: 0}
                """;
        assertThatThrownBy(() -> DeskConfigLoader.parse(yaml, "desk.yaml"))
                .isInstanceOf(DeskConfigException.class)
                .hasMessageContaining("desk.yaml:2:")
                .hasMessageContaining("'role' must be agent or supervisor, not 'boss'")
                .hasMessageContaining("'key' must have at least 16 characters")
                .hasMessageContaining("'*' is not allowed")
                .hasMessageContaining("'https://desk.example.org/console' is not an origin")
                .hasMessageContaining("cannot read 'no-such-cert.pem'")
                .hasMessageContaining("security.limits.eventBurst must be at least 1");
    }

    @Test
    void theConfigNeverPrintsItsSecrets() {
        DeskConfig config = DeskConfigLoader.parse(
                """
                db: jdbc:postgresql://127.0.0.1/test?password=hunter2
                agents: [{name: ann, token: t-ann-secret}]
                bots: [{id: shop, key: 0123456789abcdef-shop}]
                """,
                "desk.yaml");
        assertThat(config.toString())
                .doesNotContain("hunter2")
                .doesNotContain("t-ann-secret")
                .doesNotContain("0123456789abcdef-shop")
                .contains("ann")
                .contains("shop");
    }

    @Test
    void aTrustedProxyWrittenAsShortIpv6MatchesThePeerAddressJavaReports() {
        DeskConfig config = DeskConfigLoader.parse("security: {trustedProxies: ['::1', 127.0.0.1]}", "desk.yaml");
        assertThat(config.security().trustedProxies()).containsExactly("0:0:0:0:0:0:0:1", "127.0.0.1");
        assertThat(dev.handoff.desk.config.SecurityConfig.canonicalIp("evil.example.org"))
                .isEqualTo("evil.example.org");
    }
}
