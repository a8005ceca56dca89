// Throwaway certificates for the TLS tests, made at test time: nothing is downloaded and no openssl
// is needed. node-forge is a devDependency, so this module is left out of the build
// (tsconfig.build.json) and out of `@touming/deliver/testing`; tests import it by its path.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

/** A CA and a server certificate it signed, each with its key, as PEM. */
export interface TestCertificates {
  /** The CA's certificate: what `TOUMING_SMTP_CA` would name. */
  caCert: string;
  /** The server's key and certificate for 127.0.0.1 and localhost. */
  serverKey: string;
  serverCert: string;
}

/** An RSA key pair: made by Node (fast), then read into forge, whose pure-JS generation is slow. */
function keyPair(): {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  pem: string;
} {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.rsa.setPublicKey(forgeKey.n, forgeKey.e), pem };
}

function certificate(
  subject: string,
  publicKey: forge.pki.rsa.PublicKey,
  issuer: { name: string; key: forge.pki.rsa.PrivateKey },
  extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: the top bit cleared.
  cert.serialNumber = `0${randomBytes(15).toString("hex")}`;
  cert.validity.notBefore = new Date(Date.now() - 60 * 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 60 * 60_000);
  cert.setSubject([{ name: "commonName", value: subject }]);
  cert.setIssuer([{ name: "commonName", value: issuer.name }]);
  cert.setExtensions(extensions);
  cert.sign(issuer.key, forge.md.sha256.create());
  return cert;
}

/** A fresh CA ("Touming test CA") and a server certificate it signed for 127.0.0.1 and localhost. */
export function makeTestCertificates(): TestCertificates {
  const ca = keyPair();
  const caName = "Touming test CA";
  const caCert = certificate(caName, ca.publicKey, { name: caName, key: ca.privateKey }, [
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  const server = keyPair();
  const serverCert = certificate("127.0.0.1", server.publicKey, { name: caName, key: ca.privateKey }, [
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: [
        { type: 7, ip: "127.0.0.1" },
        { type: 2, value: "localhost" },
      ],
    },
  ]);
  return {
    caCert: forge.pki.certificateToPem(caCert),
    serverKey: server.pem,
    serverCert: forge.pki.certificateToPem(serverCert),
  };
}
