package dev.mtasts.postgres;

import dev.mtasts.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption of private keys at rest with the key of {@code [storage] key_file} (AES-256-GCM). A sealed
 * value is a format byte ({@value #FORMAT}), a 12-byte random nonce and the GCM output (ciphertext and
 * 16-byte tag); the associated data is the format byte and the row the value belongs to (e.g.
 * {@code certificate:example.com}), so a ciphertext copied into another row does not decrypt.
 *
 * <p>Without a key file, values are stored as they are and marked unencrypted. Unencrypted rows are read
 * whether or not a key is configured (an operator may turn encryption on at any time; rows are encrypted as
 * they are rewritten); an encrypted row read without the key or with another key is an error that says so.
 */
final class KeyCipher {

    static final byte FORMAT = 1;
    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Optional<SecretKey> key;
    private final String source;
    private final SecureRandom random;

    private KeyCipher(Optional<SecretKey> key, String source, SecureRandom random) {
        this.key = key;
        this.source = source;
        this.random = random;
    }

    /** A value as stored: the bytes and whether they are a ciphertext. */
    record Sealed(byte[] bytes, boolean encrypted) {
    }

    /** No key file: values are stored as they are. */
    static KeyCipher none() {
        return new KeyCipher(Optional.empty(), "no [storage] key_file", new SecureRandom());
    }

    /** With the key of {@code [storage] key_file}, if one is configured. */
    static KeyCipher of(Optional<Path> keyFile) throws StoreException {
        return keyFile.isPresent() ? fromFile(keyFile.get()) : none();
    }

    /**
     * The key in {@code file}: 32 raw bytes, or their base64 as {@code openssl rand -base64 32} writes it.
     *
     * @throws StoreException when the file cannot be read or holds anything else
     */
    static KeyCipher fromFile(Path file) throws StoreException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StoreException("cannot read the [storage] key_file " + file + ": " + e.getMessage(), e);
        }
        return new KeyCipher(Optional.of(new SecretKeySpec(keyBytes(content, file), "AES")), "[storage] key_file " + file,
                new SecureRandom());
    }

    private static byte[] keyBytes(byte[] content, Path file) throws StoreException {
        if (content.length == KEY_BYTES) {
            return content;
        }
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        try {
            byte[] decoded = Base64.getDecoder().decode(text);
            if (decoded.length == KEY_BYTES) {
                return decoded;
            }
        } catch (IllegalArgumentException notBase64) {
            // reported below with what the file must hold
        }
        throw new StoreException("the [storage] key_file " + file + " must hold a 256-bit key: 32 random bytes or"
                + " their base64 (create it with: openssl rand -base64 32 > " + file + "; chmod 600 " + file
                + "); it holds " + content.length + " bytes that are neither");
    }

    /** Whether values are encrypted when sealed. */
    boolean encrypts() {
        return key.isPresent();
    }

    /** {@code plain} as it is to be stored for the row {@code binding}. */
    Sealed seal(byte[] plain, String binding) {
        if (key.isEmpty()) {
            return new Sealed(plain.clone(), false);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, binding);
            byte[] sealed = cipher.doFinal(plain);
            return new Sealed(ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(FORMAT).put(nonce).put(sealed)
                    .array(), true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this Java runtime", e);
        }
    }

    /** The plain value of a stored {@code bytes} of the row {@code binding}. */
    byte[] open(byte[] bytes, boolean encrypted, String binding) throws StoreException {
        if (!encrypted) {
            return bytes.clone();
        }
        if (key.isEmpty()) {
            throw new StoreException("the private key of " + binding + " is stored encrypted, but no [storage]"
                    + " key_file is configured: give this replica the key file the others use");
        }
        if (bytes.length < 1 + NONCE_BYTES + TAG_BITS / 8 || bytes[0] != FORMAT) {
            throw new StoreException("the encrypted private key of " + binding + " is not in a format this version"
                    + " reads (format byte " + (bytes.length == 0 ? "missing" : Byte.toString(bytes[0])) + ")");
        }
        byte[] nonce = java.util.Arrays.copyOfRange(bytes, 1, 1 + NONCE_BYTES);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, binding);
            return cipher.doFinal(bytes, 1 + NONCE_BYTES, bytes.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new StoreException("cannot decrypt the private key of " + binding + " with the " + source
                    + ": it was encrypted with another key (or the row was altered or copied from another one)", e);
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot decrypt the private key of " + binding + ": " + e.getMessage(), e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String binding) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key.orElseThrow(), new GCMParameterSpec(TAG_BITS, nonce));
        byte[] binds = binding.getBytes(StandardCharsets.UTF_8);
        cipher.updateAAD(ByteBuffer.allocate(1 + binds.length).put(FORMAT).put(binds).array());
        return cipher;
    }

    /** Where the key comes from, for messages. */
    @Override
    public String toString() {
        return source;
    }
}
