package io.signaling.cluster;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.core.net.impl.KeyStoreHelper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The key that admits a node to the clustered event bus: every node holds the same key and certificate, presents
 * it to the others and accepts a connection only from a holder of a certificate it trusts (mutual TLS), so a
 * frame from anyone without the key never reaches a consumer. Read once, with the configuration, from a PKCS12
 * keystore (what keytool makes; it may also hold trusted certificate entries, which is how a key is rotated) or
 * from a PEM certificate and key (what Helm, cert-manager and a kubernetes.io/tls Secret hold).
 *
 * <p>A node trusts exactly the certificates the file holds (the key's own certificate, and a keystore's trusted
 * certificate entries), never the issuer of one: trusting a CA would admit every certificate it ever signed.
 * Hostnames are not checked (Vert.x's event bus does not, and every node shares one certificate).
 */
public final class ClusterTls {

  /** Both ends are this server: the newest protocol only, which also keeps the certificates off the wire. */
  static final String PROTOCOL = "TLSv1.3";

  private final KeyCertOptions key;
  private final TrustOptions trust;
  private final X509Certificate certificate;
  private final int trusted;

  private ClusterTls(KeyCertOptions key, TrustOptions trust, X509Certificate certificate, int trusted) {
    this.key = key;
    this.trust = trust;
    this.certificate = certificate;
    this.trusted = trusted;
  }

  /**
   * From a PKCS12 keystore with exactly one private key; its certificate and the keystore's trusted certificate
   * entries are what the node trusts.
   *
   * @throws IllegalArgumentException naming what is wrong with the file
   */
  public static ClusterTls fromKeystore(Path file, String password) {
    byte[] bytes = read(file);
    KeyStore store;
    try {
      store = KeyStore.getInstance("PKCS12");
      store.load(new ByteArrayInputStream(bytes), password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(file + " is not a PKCS12 keystore this password opens (" + e.getMessage()
          + ")");
    }
    List<String> keys = new ArrayList<>();
    int certificates = 0;
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          keys.add(alias);
        } else if (store.isCertificateEntry(alias)) {
          certificates++;
        }
      }
      if (keys.size() != 1) {
        throw new IllegalArgumentException(file + " holds " + keys.size() + " private keys; the cluster's keystore"
            + " holds exactly one (trusted certificates beside it are fine)");
      }
      PrivateKey privateKey = (PrivateKey) store.getKey(keys.get(0), password.toCharArray());
      X509Certificate certificate = ownCertificate(file, store.getCertificate(keys.get(0)), privateKey);
      PfxOptions options = new PfxOptions().setValue(Buffer.buffer(bytes)).setPassword(password);
      return new ClusterTls(options, options, certificate, 1 + certificates);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(file + ": cannot read its key (" + e.getMessage() + ")");
    }
  }

  /**
   * From a PEM certificate (the first one in the file is the node's; any after it form its chain and are not
   * trusted) and its PEM private key (PKCS#8, or PKCS#1 RSA, or SEC1 EC).
   *
   * @throws IllegalArgumentException naming what is wrong with either file
   */
  public static ClusterTls fromPem(Path certificateFile, Path keyFile) {
    Buffer certificates = Buffer.buffer(read(certificateFile));
    Buffer keyPem = Buffer.buffer(read(keyFile));
    PemKeyCertOptions options = new PemKeyCertOptions().addCertValue(certificates).addKeyValue(keyPem);
    KeyStore store;
    try {
      // Values only, no paths: Vert.x reads nothing through a Vert.x instance, so none is needed yet.
      store = options.loadKeyStore(null);
    } catch (Exception e) {
      throw new IllegalArgumentException(certificateFile + " and " + keyFile + " are not a PEM certificate and its"
          + " private key (" + e.getMessage() + ")");
    }
    try {
      String alias = Collections.list(store.aliases()).get(0);
      PrivateKey privateKey = (PrivateKey) store.getKey(alias, keyPassword());
      X509Certificate certificate = ownCertificate(certificateFile, store.getCertificate(alias), privateKey);
      PemTrustOptions trust = new PemTrustOptions().addCertValue(Buffer.buffer(pem(certificate)));
      return new ClusterTls(options, trust, certificate, 1);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(certificateFile + " and " + keyFile + ": cannot read the key ("
          + e.getMessage() + ")");
    }
  }

  /** Vert.x's in-memory store of PEM keys locks them with a fixed password of its own. */
  private static char[] keyPassword() {
    return KeyStoreHelper.DUMMY_PASSWORD.toCharArray();
  }

  /** The node's certificate, once it is known to be current and to belong to the key. */
  private static X509Certificate ownCertificate(Path file, Certificate certificate, PrivateKey key)
      throws GeneralSecurityException {
    if (!(certificate instanceof X509Certificate x509)) {
      throw new IllegalArgumentException(file + ": the key has no X.509 certificate");
    }
    Instant now = Instant.now();
    if (now.isAfter(x509.getNotAfter().toInstant())) {
      throw new IllegalArgumentException(file + ": the certificate expired on " + x509.getNotAfter().toInstant()
          + "; nodes would refuse each other");
    }
    if (now.isBefore(x509.getNotBefore().toInstant())) {
      throw new IllegalArgumentException(file + ": the certificate is valid only from "
          + x509.getNotBefore().toInstant());
    }
    if (!belongTogether(key, x509)) {
      throw new IllegalArgumentException(file + ": the private key does not belong to the certificate");
    }
    return x509;
  }

  /** Whether a signature made with the key verifies with the certificate's public key. */
  private static boolean belongTogether(PrivateKey key, X509Certificate certificate)
      throws GeneralSecurityException {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new IllegalArgumentException("keys of type " + key.getAlgorithm() + " are not supported"
          + " (RSA, EC or Ed25519)");
    };
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(challenge);
    return verifier.verify(signature);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + " (" + e.getMessage() + ")");
    }
  }

  private static String pem(X509Certificate certificate) throws GeneralSecurityException {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  /** Turns on mutual TLS for the event bus: the node presents its key and requires a trusted one. */
  public EventBusOptions applyTo(EventBusOptions options) {
    return options.setSsl(true).setClientAuth(ClientAuth.REQUIRED).setKeyCertOptions(key).setTrustOptions(trust)
        .setEnabledSecureTransportProtocols(Set.of(PROTOCOL));
  }

  /** When the node's certificate expires: from then on no node accepts another. */
  public Instant expires() {
    return certificate.getNotAfter().toInstant();
  }

  /** How many certificates the node trusts. */
  public int trustedCertificates() {
    return trusted;
  }

  /** The first 8 bytes of the SHA-256 of the node's certificate: how logs tell keys apart without showing them. */
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
