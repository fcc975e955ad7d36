package dev.handoff.desk.console;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestDesks;
import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over TLS the console's session cookie is {@code Secure} and {@code __Host-}: never sent over plain http. */
class ConsoleTlsTest {
    @TempDir
    Path dir;

    @Test
    void overTlsTheSessionCookieIsSecureAndHostOnly() throws Exception {
        KeyStore store = selfSigned();
        X509Certificate cert = (X509Certificate) store.getCertificate("desk");
        Path certPem = dir.resolve("desk-cert.pem");
        Path keyPem = dir.resolve("desk-key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(
                keyPem,
                pem(
                        "PRIVATE KEY",
                        store.getKey("desk", "changeit".toCharArray()).getEncoded()));

        int port = Sockets.freePort();
        String hash = BCrypt.withDefaults().hashToString(4, "ann-secret".toCharArray());
        DeskConfig config = DeskConfigLoader.parse(
                        String.join(
                                "\n",
                                "host: 127.0.0.1",
                                "port: " + port,
                                "agents:",
                                "  - {name: ann, password: \"" + hash + "\"}",
                                "security:",
                                "  tls: {certificate: \"" + certPem + "\", privateKey: \"" + keyPem + "\"}",
                                ""),
                        "tls test")
                .withDataDir(dir.resolve("data"));
        DeskService desk = TestDesks.start(config);
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("desk", cert);
            trust.init(trusted);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, trust.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
            String url = "https://localhost:" + port;

            HttpResponse<String> page = https.send(
                    HttpRequest.newBuilder(URI.create(url + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            ConsoleHttpTest.assertSecurityHeaders(page);

            HttpResponse<String> signedIn = https.send(
                    HttpRequest.newBuilder(URI.create(url + "/api/session"))
                            .header("Origin", url)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ann\",\"password\":\"ann-secret\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).isEqualTo(200);
            String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie)
                    .startsWith("__Host-handoff_session=")
                    .contains("Secure")
                    .contains("HTTPOnly")
                    .contains("SameSite=Strict")
                    .contains("Path=/")
                    .doesNotContain("Domain");
            HttpResponse<String> me = https.send(
                    HttpRequest.newBuilder(URI.create(url + "/api/session"))
                            .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(me.body()).isEqualTo("{\"name\":\"ann\",\"role\":\"agent\"}");
        } finally {
            desk.stop();
        }
    }

    /** A self-signed certificate for localhost, made with the JDK's keytool. */
    private KeyStore selfSigned() throws Exception {
        Path keystore = dir.resolve("desk.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "desk",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
