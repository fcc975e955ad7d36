package dev.handoff.desk.server;

import dev.handoff.desk.config.SecurityConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's TLS context from {@code security.tls}: a PEM certificate chain (the server's own
 * certificate first) and its PEM PKCS#8 private key, unencrypted. Everything is checked before the
 * desk opens anything, and a file that cannot be used stops the start with a {@link
 * DeskStartException} ({@code TLS_UNUSABLE}) that names the file and says what is wrong with it, never
 * what is in it.
 */
final class TlsContext {
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private TlsContext() {}

    static SslContext load(SecurityConfig.Tls tls) {
        List<X509Certificate> chain = certificates(tls.certificate());
        PrivateKey key = privateKey(tls.privateKey(), chain.get(0).getPublicKey());
        try {
            return SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (IOException | RuntimeException e) {
            throw unusable("security.tls: the certificate and key cannot be used: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(Path file) {
        String what = "security.tls.certificate '" + file + "'";
        String pem = read(file, what);
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Matcher m = PEM.matcher(pem);
            while (m.find()) {
                if (!m.group(1).equals("CERTIFICATE")) continue;
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw unusable(what + ": not a valid PEM certificate (" + e.getMessage() + ")", e);
        }
        if (chain.isEmpty()) {
            throw unusable(
                    what + ": no '-----BEGIN CERTIFICATE-----' block found (a PEM certificate chain is"
                            + " expected, the server's certificate first)",
                    null);
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file, PublicKey certified) {
        String what = "security.tls.privateKey '" + file + "'";
        String pem = read(file, what);
        Matcher m = PEM.matcher(pem);
        String kind = null;
        while (m.find()) {
            kind = m.group(1);
            if (kind.equals("PRIVATE KEY")) break;
        }
        if (kind == null) {
            throw unusable(
                    what + ": no '-----BEGIN PRIVATE KEY-----' block found (a PEM PKCS#8 key is expected)", null);
        }
        if (!kind.equals("PRIVATE KEY")) {
            throw unusable(
                    what + ": holds a '" + kind + "' block; the desk reads unencrypted PKCS#8 keys"
                            + " ('BEGIN PRIVATE KEY'): convert it with"
                            + " openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pkcs8.pem",
                    null);
        }
        PrivateKey key;
        try {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            key = KeyFactory.getInstance(certified.getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw unusable(what + ": not a valid " + certified.getAlgorithm() + " PKCS#8 private key", e);
        }
        if (!matches(key, certified)) {
            throw unusable(what + ": this key does not belong to the certificate (the first in its chain)", null);
        }
        return key;
    }

    /** Whether {@code key} signs what {@code certified} verifies. */
    private static boolean matches(PrivateKey key, PublicKey certified) {
        String algorithm =
                switch (certified.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    case "DSA" -> "SHA256withDSA";
                    default -> certified.getAlgorithm(); // Ed25519, Ed448, EdDSA
                };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw unusable(what + ": cannot read it (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static DeskStartException unusable(String message, Throwable cause) {
        return new DeskStartException(DeskStartException.Problem.TLS_UNUSABLE, message, cause);
    }
}
