/**
 * All of the grid's cryptography, in one place: ed25519 identities ({@link zos.grid.api.crypto.KeyId},
 * {@link zos.grid.api.crypto.SigningKey}), HTTP Message Signatures (RFC 9421) over method, path,
 * query, {@code Content-Digest} (RFC 9530) and creation time ({@link zos.grid.api.crypto.HttpSignatures}),
 * and secrets sealed to a node's X25519 key with HPKE (RFC 9180) ({@link zos.grid.api.crypto.SealedSecrets}).
 */
@Export
@Version("2.0.0")
package zos.grid.api.crypto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
