package io.nearcache.jcache.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Function;

/**
 * Resolves secret settings (the SASL password, the signing key) so that the secret itself need not
 * sit in a properties file: {@code env:NAME} reads the environment variable {@code NAME}, {@code
 * file:PATH} reads the file (one trailing line end dropped), anything else is the secret itself.
 * Errors name the key and where the secret was looked for, never the secret.
 */
final class Secrets {
  /** The prefix of a secret read from an environment variable. */
  static final String ENV = "env:";

  /** The prefix of a secret read from a file. */
  static final String FILE = "file:";

  /** The prefix of a signing key given as base64. */
  static final String BASE64 = "base64:";

  /** The shortest signing key, in bytes. */
  static final int MIN_SIGNING_KEY_BYTES = 32;

  private Secrets() {}

  /**
   * The secret text a setting names.
   *
   * @param key the setting, for errors
   * @param value the configured value: {@code env:NAME}, {@code file:PATH} or the secret
   * @param environment looks up environment variables
   * @throws NearcacheConfigurationException naming the key when the variable or file is missing or
   *     the secret is empty
   */
  static String resolve(String key, String value, Function<String, String> environment) {
    String secret;
    if (value.startsWith(ENV)) {
      String name = value.substring(ENV.length()).trim();
      secret = name.isEmpty() ? null : environment.apply(name);
      if (secret == null || secret.isEmpty()) {
        throw new NearcacheConfigurationException(
            key
                + " names the environment variable '"
                + name
                + "', which is not set or empty; set it, or give the secret another way (file:PATH"
                + " or the value itself)");
      }
    } else if (value.startsWith(FILE)) {
      Path path = Path.of(value.substring(FILE.length()).trim());
      try {
        secret = stripLineEnd(Files.readString(path, StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        throw new NearcacheConfigurationException(
            key + " names the file " + path + ", which cannot be read: " + e, e);
      }
      if (secret.isEmpty()) {
        throw new NearcacheConfigurationException(key + " names the file " + path + ", which is empty");
      }
    } else {
      secret = value;
    }
    return secret;
  }

  /**
   * The bytes of a signing key: {@code base64:...} (standard or URL-safe alphabet) or the UTF-8
   * bytes of the text, at least {@value #MIN_SIGNING_KEY_BYTES} either way.
   */
  static byte[] signingKey(String key, String value, Function<String, String> environment) {
    String text = resolve(key, value, environment);
    byte[] bytes;
    if (text.startsWith(BASE64)) {
      String encoded = text.substring(BASE64.length()).trim();
      try {
        bytes =
            encoded.indexOf('-') >= 0 || encoded.indexOf('_') >= 0
                ? Base64.getUrlDecoder().decode(encoded)
                : Base64.getDecoder().decode(encoded);
      } catch (IllegalArgumentException e) {
        throw new NearcacheConfigurationException(
            key + " is not valid base64 after 'base64:': " + e.getMessage(), e);
      }
    } else {
      bytes = text.getBytes(StandardCharsets.UTF_8);
    }
    if (bytes.length < MIN_SIGNING_KEY_BYTES) {
      throw new NearcacheConfigurationException(
          key
              + " is "
              + bytes.length
              + " bytes long; a signing key needs at least "
              + MIN_SIGNING_KEY_BYTES
              + " bytes (for example 32 random bytes in base64: `openssl rand -base64 32`,"
              + " given as base64:<value>)");
    }
    return bytes;
  }

  private static String stripLineEnd(String text) {
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    if (text.endsWith("\n")) {
      return text.substring(0, text.length() - 1);
    }
    return text;
  }
}
