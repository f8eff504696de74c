package io.signaling.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cluster keys as operators make them: PKCS12 keystores with the JDK's keytool (what {@code local-cluster} runs),
 * PEM pairs with openssl (the shape of a kubernetes.io/tls Secret).
 */
public final class ClusterKeys {

  public static final String PASSWORD = "cluster-test-password";
  private static final Path SHARED = Path.of("target", "cluster-keys");

  private ClusterKeys() {
  }

  /** One keystore per test JVM, made on first use: what process clusters off loopback run with. */
  public static synchronized Path shared() {
    // One per JVM, so test forks never race to write it.
    String name = "shared-" + ProcessHandle.current().pid();
    Path keystore = SHARED.resolve(name + ".p12");
    if (!Files.exists(keystore)) {
      keystore(SHARED, name, "CN=signaling-tests");
    }
    return keystore.toAbsolutePath();
  }

  /** The flags that give a node the shared keystore. */
  public static List<String> sharedFlags() {
    return List.of("--cluster-tls-keystore", shared().toString(), "--cluster-tls-password", PASSWORD);
  }

  /** A fresh PKCS12 keystore with one EC key and its self-signed certificate, valid for a year. */
  public static Path keystore(Path directory, String name, String subject, String... keytoolOptions) {
    Path file = directory.resolve(name + ".p12");
    List<String> command = new ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", name, "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", subject, "-storetype", "PKCS12", "-keystore", file.toString(),
        "-storepass", PASSWORD));
    if (keytoolOptions.length == 0) {
      command.addAll(List.of("-validity", "365"));
    }
    command.addAll(List.of(keytoolOptions));
    createDirectories(directory);
    Commands.run(null, command);
    return file;
  }

  /** Adds another keystore's certificate to this one as a trusted entry (how a key is rotated). */
  public static void trust(Path keystore, Path other, String otherAlias) {
    Path exported = keystore.resolveSibling(otherAlias + ".crt");
    Commands.run(keytool(), "-exportcert", "-alias", otherAlias, "-keystore", other.toString(), "-storepass",
        PASSWORD, "-rfc", "-file", exported.toString());
    Commands.run(keytool(), "-importcert", "-noprompt", "-alias", otherAlias + "-trusted", "-file",
        exported.toString(), "-keystore", keystore.toString(), "-storepass", PASSWORD);
  }

  /** A PEM certificate and key made by openssl; {@code keyKind} is "rsa" (PKCS#1 key) or "ec" (SEC1 key). */
  public static Path[] pem(Path directory, String name, String keyKind) {
    createDirectories(directory);
    Path key = directory.resolve(name + ".key");
    Path certificate = directory.resolve(name + ".crt");
    if (keyKind.equals("rsa")) {
      Commands.run("openssl", "genrsa", "-traditional", "-out", key.toString(), "2048");
    } else {
      Commands.run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
    }
    Commands.run("openssl", "req", "-new", "-x509", "-key", key.toString(), "-out", certificate.toString(),
        "-days", "30", "-subj", "/CN=" + name);
    return new Path[] {certificate, key};
  }

  private static String keytool() {
    return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
