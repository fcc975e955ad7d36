package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.config.ClusterConfig;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigException;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.yaml.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** desk.yaml's {@code cluster} section: Redis, the node's id and the prefix, on PostgreSQL only, never showing a password. */
class DeskConfigClusterTest {
    private static final String SECRET = "r3dis/p@ss#word";
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/handoff?user=handoff";

    private static DeskConfig parse(String yaml) {
        return DeskConfigLoader.parse(yaml, "desk.yaml", Map.of("REDIS_PASSWORD", SECRET)::get);
    }

    private static List<Problem> problems(String yaml) {
        try {
            parse(yaml);
        } catch (DeskConfigException e) {
            assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("s3cret");
            return e.problems();
        }
        throw new AssertionError("desk.yaml was accepted:\n" + yaml);
    }

    @Test
    void withoutAClusterSectionTheDeskRunsAloneAsBefore() {
        assertThat(parse("{}").cluster()).isNull();
        assertThat(parse("{}").nodeId()).isEmpty();
        assertThat(DeskConfigLoader.bundled().cluster()).isNull();
    }

    @Test
    void theRedisUrlTheNodeAndThePrefixAreReadAndTheNodeDefaultsToHostAndPort() {
        DeskConfig config = parse(
                """
                port: 5101
                db: %s
                cluster: {redis: 'redis://127.0.0.1:6379/0', node: n1, prefix: desk-a}
                """
                        .formatted(PG));
        assertThat(config.cluster()).isEqualTo(new ClusterConfig("redis://127.0.0.1:6379/0", "n1", "desk-a"));
        assertThat(config.nodeId()).contains("n1");

        DeskConfig defaults = parse("port: 5102\ndb: " + PG + "\ncluster: {redis: 'redis://127.0.0.1'}");
        assertThat(defaults.cluster().prefix()).isEqualTo("handoff");
        assertThat(defaults.nodeId()).contains("127.0.0.1:5102");
        assertThat(defaults.withPort(5103).nodeId()).contains("127.0.0.1:5103");
    }

    @Test
    void aPasswordComesFromTheEnvironmentEncodedAndIsNeverShown() {
        DeskConfig config = parse("db: " + PG + "\ncluster: {redis: 'redis://:${REDIS_PASSWORD}@127.0.0.1:6379/0'}");
        assertThat(config.cluster().redis()).isEqualTo("redis://:r3dis%2Fp%40ss%23word@127.0.0.1:6379/0");
        assertThat(java.net.URI.create(config.cluster().redis()).getUserInfo()).isEqualTo(":" + SECRET);
        assertThat(config.toString()).doesNotContain("r3dis");
        assertThat(config.cluster().redactedRedis()).isEqualTo("redis://***@127.0.0.1:6379/0");
    }

    @Test
    void aClusterOnAnythingButPostgresqlIsALocatedError() {
        assertThat(problems("db: 'jdbc:h2:mem:x'\ncluster: {redis: 'redis://127.0.0.1'}"))
                .extracting(p -> p.loc().line() + ":" + p.loc().column() + " " + p.code() + " " + p.message())
                .containsExactly("1:5 invalid-value " + DeskConfig.POSTGRES_NEEDED);
        // no db at all (H2 under dataDir): the cluster key is the culprit
        assertThat(problems("port: 5005\ncluster: {redis: 'redis://127.0.0.1'}"))
                .extracting(p -> p.loc().line() + " " + p.code())
                .containsExactly("2 invalid-value");
    }

    @Test
    void badClusterSettingsAreLocatedErrorsThatHideThePassword() {
        List<Problem> problems = problems(
                """
                db: %s
                cluster:
                  redis: 'http://:s3cret@127.0.0.1:6379'
                  node: 'node one'
                  prefix: ''
                  password: x
                """
                        .formatted(PG));
        assertThat(problems)
                .extracting(p -> p.loc().line() + " " + p.code())
                .containsExactlyInAnyOrder("3 invalid-value", "4 bad-name", "5 bad-name", "6 unknown-key");
        assertThat(problems.get(0).message())
                .isEqualTo("cluster.redis: 'http://***@127.0.0.1:6379' must start with redis:// or rediss:// (TLS)");
        assertThat(problems("db: " + PG + "\ncluster: {node: n1}"))
                .extracting(p -> p.code() + " " + p.message())
                .containsExactly("missing-key cluster: 'redis' is missing (the Redis URL every node shares, for"
                        + " example redis://127.0.0.1:6379/0)");
        assertThat(problems("db: " + PG + "\ncluster: {redis: 'redis://:${NOT_SET_HERE}@h'}"))
                .extracting(p -> p.code() + " " + p.message())
                .containsExactly("unset-variable cluster.redis names the environment variable 'NOT_SET_HERE',"
                        + " which is not set");
        assertThat(problems("db: " + PG + "\ncluster: {redis: 'redis://:s3cret@/0'}"))
                .extracting(Problem::message)
                .containsExactly("cluster.redis: 'redis://***@/0' has no host (for example redis://127.0.0.1:6379/0)");
    }

    @Test
    void aClusterBuiltInCodeAlsoNeedsPostgresqlAndHidesItsPassword() {
        DeskConfig alone = parse("{}");
        ClusterConfig cluster = new ClusterConfig("redis://:s3cret@127.0.0.1:6379", null, null);
        assertThatThrownBy(() -> alone.withCluster(cluster))
                .isInstanceOf(DeskConfigException.class)
                .hasMessage(DeskConfig.POSTGRES_NEEDED);
        assertThat(alone.withDb(PG).withCluster(cluster).nodeId()).contains("127.0.0.1:5005");
        assertThatThrownBy(() -> alone.withDb(PG).withCluster(cluster).withDb("jdbc:h2:mem:x"))
                .hasMessage(DeskConfig.POSTGRES_NEEDED);
        assertThatThrownBy(() -> new ClusterConfig("redis://:s3cret@127.0.0.1:6379/x", null, null))
                .isInstanceOf(DeskConfigException.class)
                .hasMessageNotContaining("s3cret")
                .hasMessageContaining("the path is the database number");
        assertThat(ClusterConfig.redact("redis://user:pa/ss@word@host:1/0?password=x"))
                .isEqualTo("redis://***@host:1/0?***");
        assertThat(cluster.toString()).doesNotContain("s3cret");
    }
}
