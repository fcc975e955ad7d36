package dev.handoff.desk.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.support.LocalPostgres;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The multi-process harness itself: three real desk processes, one killed with SIGKILL and started again. */
@Timeout(180)
class ClusterRigTest {
    @Test
    void threeDesksAnswerOnTheirPortsOneKilledWithSigkillAnswersAgainAfterARestartAndCloseCleansUp() throws Exception {
        List<String> schemas;
        String prefix;
        try (ClusterRig rig = ClusterRig.start(3, ClusterRig.Schemas.EACH_ITS_OWN)) {
            schemas = rig.schemaNames();
            prefix = rig.prefix();
            assertThat(schemas).hasSize(3).doesNotHaveDuplicates();
            assertThat(IntStream.range(0, 3).map(rig::port).distinct().count()).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                assertThat(ClusterRig.answers(rig.port(i))).isTrue();
                assertThat(Files.readString(rig.log(i)))
                        .contains("Cluster node n" + (i + 1) + " (Redis " + ClusterRig.REDIS + ", prefix " + prefix
                                + ")");
            }
            // a key under the rig's prefix, as later cluster tests will leave: close() deletes it
            RedisClient client = RedisClient.create(ClusterRig.REDIS);
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().set(prefix + ":probe", "x");
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            assertThat(ClusterRig.keys(prefix)).isEqualTo(1);

            rig.kill(1);
            assertThat(ClusterRig.answers(rig.port(1))).isFalse();
            assertThat(ClusterRig.answers(rig.port(0))).isTrue();
            assertThat(ClusterRig.answers(rig.port(2))).isTrue();
            rig.restart(1);
            assertThat(ClusterRig.answers(rig.port(1))).isTrue();
        }
        assertThat(ClusterRig.keys(prefix)).isZero();
        try (Connection c = DriverManager.getConnection(LocalPostgres.SERVER);
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM information_schema.schemata WHERE schema_name = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", schemas.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("the rig's schemas are dropped").isZero();
            }
        }
    }
}
