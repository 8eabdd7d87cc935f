/**
 * The node's identity: an ed25519 key pair (node id = base58 of the public key) and an X25519
 * key-agreement key vouched for by it. Other bundles have the node sign requests and open secrets
 * sealed to it through {@link zos.networkd.api.identity.NodeIdentity}; they never see a private key.
 */
@Export
@Version("1.0.0")
package zos.networkd.api.identity;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
