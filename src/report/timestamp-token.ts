/**
 * RFC 3161 trusted timestamps, built and read with @peculiar/asn1-tsp (no hand-written DER):
 * the TimeStampReq of a SHA-256 digest, the checks of a TimeStampResp (status granted, nonce,
 * imprint), and the checks of a token on its own (imprint, the CMS signature over the signed
 * attributes by the signer certificate in the token, messageDigest = hash of the TSTInfo, the
 * timeStamping key purpose, and the chain to a CA given by the person who verifies).
 * Pure: bytes in, values out (node:crypto computes; nothing is read or fetched).
 */
import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import { Attribute, ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { AsnArray, AsnConvert, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, type Certificate, SubjectKeyIdentifier } from '@peculiar/asn1-x509';
import { MessageImprint, PKIStatus, TimeStampReq, TimeStampResp, TSTInfo } from '@peculiar/asn1-tsp';

const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  messageDigest: '1.2.840.113549.1.9.4',
  contentType: '1.2.840.113549.1.9.3',
  subjectKeyIdentifier: '2.5.29.14',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  rsaPss: '1.2.840.113549.1.1.10',
};

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const hex = (bytes: ArrayBuffer | Uint8Array): string => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
/** An INTEGER's bytes as a number-like hex string (leading zeros dropped) for comparisons. */
const intHex = (bytes: ArrayBuffer | Uint8Array): string =>
  hex(bytes)
    .replace(/^(00)+(?=.)/, '')
    .toLowerCase();

/** The DER TimeStampReq of a SHA-256 digest (hex), with a nonce (its first bit clear) and certReq. */
export function timestampRequest(sha256Hex: string, nonce: Uint8Array): Uint8Array {
  const req = new TimeStampReq({
    messageImprint: new MessageImprint({
      hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha256, parameters: null }),
      hashedMessage: new OctetString(Buffer.from(sha256Hex, 'hex')),
    }),
    nonce: Uint8Array.from(nonce).buffer,
    certReq: true,
  });
  return new Uint8Array(AsnConvert.serialize(req));
}

type Reply = { ok: true; token: Uint8Array; genTime: string } | { ok: false; reason: string };

/** A TSA's answer to `timestampRequest(sha256Hex, nonce)`: the token when granted and it stamps what was asked. */
export function readTimestampReply(reply: Uint8Array, sha256Hex: string, nonce: Uint8Array): Reply {
  let resp: TimeStampResp;
  try {
    resp = AsnConvert.parse(reply, TimeStampResp);
  } catch (error) {
    return { ok: false, reason: `not a TimeStampResp (${(error as Error).message})` };
  }
  const status = resp.status.status;
  if (status !== PKIStatus.granted && status !== PKIStatus.grantedWithMods) {
    const text = resp.status.statusString?.join('; ');
    return { ok: false, reason: `the TSA refused: status ${PKIStatus[status] ?? status}${text ? ` (${text})` : ''}` };
  }
  if (!resp.timeStampToken) return { ok: false, reason: 'the TSA granted but sent no token' };
  const token = new Uint8Array(AsnConvert.serialize(resp.timeStampToken));
  const info = readToken(token);
  if (typeof info === 'string') return { ok: false, reason: info };
  const imprint = checkImprint(info.tst, sha256Hex);
  if (imprint) return { ok: false, reason: imprint };
  if (!info.tst.nonce || intHex(info.tst.nonce) !== intHex(nonce)) return { ok: false, reason: 'the token does not carry the nonce of the request' };
  return { ok: true, token, genTime: info.tst.genTime.toISOString() };
}

interface TokenParts {
  signed: SignedData;
  tst: TSTInfo;
  tstDer: Uint8Array;
}

function readToken(token: Uint8Array): TokenParts | string {
  try {
    const ci = AsnConvert.parse(token, ContentInfo);
    if (ci.contentType !== OID.signedData) return `not CMS SignedData (content type ${ci.contentType})`;
    const signed = AsnConvert.parse(ci.content, SignedData);
    const e = signed.encapContentInfo;
    if (e.eContentType !== OID.tstInfo) return `the signed content is not a TSTInfo (${e.eContentType})`;
    const content = e.eContent?.single?.buffer ?? e.eContent?.any;
    if (!content) return 'the token carries no TSTInfo';
    const tstDer = new Uint8Array(content);
    return { signed, tst: AsnConvert.parse(tstDer, TSTInfo), tstDer };
  } catch (error) {
    return `not a readable timestamp token (${(error as Error).message})`;
  }
}

function checkImprint(tst: TSTInfo, sha256Hex: string): string | null {
  const alg = tst.messageImprint.hashAlgorithm.algorithm;
  if (alg !== OID.sha256) return `the imprint is not SHA-256 (${alg})`;
  const got = hex(tst.messageImprint.hashedMessage.buffer);
  return got === sha256Hex.toLowerCase() ? null : `the token stamps SHA-256 ${got}, not ${sha256Hex}`;
}

/** SignedAttributes as the signature covers them: a DER SET OF Attribute (not the [0] IMPLICIT of the SignerInfo). */
class AttributeSet extends AsnArray<Attribute> {}
AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })(AttributeSet);

const der = (cert: Certificate): Buffer => Buffer.from(AsnConvert.serialize(cert));

function ski(cert: Certificate): string | null {
  const ext = cert.tbsCertificate.extensions?.find((x) => x.extnID === OID.subjectKeyIdentifier);
  return ext ? hex(AsnConvert.parse(ext.extnValue.buffer, SubjectKeyIdentifier).buffer) : null;
}

/** One check of a token: `ok` false when it fails; `skipped` when it could not be made (no CA given). */
export interface TokenCheck {
  ok: boolean;
  skipped?: boolean;
  line: string;
}

/** The certificates of a PEM file (one or several). */
export function readPemCertificates(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

function chainTo(signer: X509Certificate, pool: X509Certificate[], cas: X509Certificate[], at: Date): string | null {
  let cur = signer;
  for (let depth = 0; depth < 8; depth++) {
    if (cas.some((ca) => ca.fingerprint256 === cur.fingerprint256)) return null;
    const ca = cas.find((c) => cur.checkIssued(c) && cur.verify(c.publicKey));
    if (ca)
      return new Date(ca.validFrom) <= at && at <= new Date(ca.validTo) ? null : `the CA ${ca.subject.replace(/\n/g, ', ')} was not valid at the stamp's time`;
    const next = pool.find((c) => c.fingerprint256 !== cur.fingerprint256 && cur.checkIssued(c) && cur.verify(c.publicKey));
    if (!next) return `no path from ${cur.subject.replace(/\n/g, ', ')} to the given CA`;
    if (!(new Date(next.validFrom) <= at && at <= new Date(next.validTo))) return `${next.subject.replace(/\n/g, ', ')} was not valid at the stamp's time`;
    cur = next;
  }
  return 'the chain is longer than 8 certificates';
}

/**
 * Every check of one token that says it stamps `sha256Hex`: imprint, signature, signer's key
 * purpose and validity, and the chain to one of `cas` (null: the chain is not checked).
 */
export function verifyTimestampToken(token: Uint8Array, sha256Hex: string, cas: X509Certificate[] | null, name: string): TokenCheck[] {
  const parts = readToken(token);
  if (typeof parts === 'string') return [{ ok: false, line: `${name}: ${parts}` }];
  const { signed, tst, tstDer } = parts;
  const checks: TokenCheck[] = [];
  const imprint = checkImprint(tst, sha256Hex);
  const genTime = tst.genTime;
  checks.push(
    imprint ? { ok: false, line: `${name}: ${imprint}` } : { ok: true, line: `${name}: imprint is SHA-256 ${sha256Hex}, stamped ${genTime.toISOString()}` },
  );
  const si = signed.signerInfos[0];
  if (signed.signerInfos.length !== 1 || !si) return [...checks, { ok: false, line: `${name}: expected one signer, found ${signed.signerInfos.length}` }];
  const certs = (signed.certificates ?? []).flatMap((c) => (c.certificate ? [c.certificate] : []));
  const signerAsn = certs.find((c) => {
    const sid = si.sid;
    if (sid.subjectKeyIdentifier) return ski(c) === hex(sid.subjectKeyIdentifier.buffer);
    const ias = sid.issuerAndSerialNumber;
    return (
      !!ias &&
      intHex(c.tbsCertificate.serialNumber) === intHex(ias.serialNumber) &&
      Buffer.from(AsnConvert.serialize(c.tbsCertificate.issuer)).equals(Buffer.from(AsnConvert.serialize(ias.issuer)))
    );
  });
  if (!signerAsn)
    return [...checks, { ok: false, line: `${name}: the signer certificate is not in the token (the TSA was not asked for it, or it was removed)` }];
  const signer = new X509Certificate(der(signerAsn));
  const who = signer.subject.replace(/\n/g, ', ');
  const hash = HASHES[si.digestAlgorithm.algorithm];
  if (!hash) return [...checks, { ok: false, line: `${name}: unsupported digest algorithm ${si.digestAlgorithm.algorithm}` }];
  if (si.signatureAlgorithm.algorithm === OID.rsaPss) return [...checks, { ok: false, line: `${name}: RSA-PSS signatures are not supported yet` }];
  const attrs = si.signedAttrs ?? [];
  const md = attrs.find((a) => a.attrType === OID.messageDigest);
  const ct = attrs.find((a) => a.attrType === OID.contentType);
  if (!md || !ct) return [...checks, { ok: false, line: `${name}: the signer info lacks signed attributes (content type, message digest)` }];
  const mdValue = hex(AsnConvert.parse(md.attrValues[0], OctetString).buffer);
  const tstDigest = createHash(hash).update(tstDer).digest('hex');
  if (mdValue !== tstDigest) checks.push({ ok: false, line: `${name}: the signed messageDigest ${mdValue} is not the ${hash} of the TSTInfo (${tstDigest})` });
  const signedBytes = Buffer.from(AsnConvert.serialize(new AttributeSet(attrs)));
  let sigOk = false;
  try {
    sigOk = verifySignature(hash, signedBytes, signer.publicKey, Buffer.from(si.signature.buffer));
  } catch (error) {
    checks.push({ ok: false, line: `${name}: the signature cannot be checked (${(error as Error).message})` });
  }
  if (mdValue === tstDigest)
    checks.push(
      sigOk
        ? { ok: true, line: `${name}: CMS signature ok (${hash}), signed by ${who}` }
        : { ok: false, line: `${name}: the CMS signature does not verify with ${who}` },
    );
  if (!(signer.keyUsage ?? []).includes(OID.timeStamping))
    checks.push({ ok: false, line: `${name}: the signer certificate is not for time stamping (no extendedKeyUsage timeStamping)` });
  if (!(new Date(signer.validFrom) <= genTime && genTime <= new Date(signer.validTo)))
    checks.push({ ok: false, line: `${name}: the signer certificate was not valid at ${genTime.toISOString()}` });
  if (!cas) checks.push({ ok: true, skipped: true, line: `${name}: certificate chain NOT checked (give the TSA's CA with --ca FILE.pem)` });
  else {
    const pool = certs.map((c) => new X509Certificate(der(c)));
    const problem = chainTo(signer, pool, cas, genTime);
    checks.push(problem ? { ok: false, line: `${name}: chain: ${problem}` } : { ok: true, line: `${name}: chain ok, ${who} up to the given CA` });
  }
  return checks;
}
