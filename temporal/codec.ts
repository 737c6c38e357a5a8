// AES-256-GCM payload codec: every payload Lantern writes to Temporal (workflow inputs, results, update arguments,
// activity inputs) is encrypted with the key from LANTERN_CODEC_KEY. Worker and client must both use it; the API
// serves /codec so the Temporal Web UI can show decoded payloads to operators. A fresh 12-byte IV per payload; the
// key id travels in the metadata so keys can be rotated later (decode looks the id up).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
// @temporalio/proto is CommonJS: take the namespace from its default export (named ESM imports fail at run time).
import proto from '@temporalio/proto';

const { temporal } = proto;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Non-secret id of a key (a truncated hash), so a payload says which key encrypted it. */
export function codecKeyId(key: Buffer): string {
  return createHash('sha256').update('lantern-codec').update(key).digest('hex').slice(0, 16);
}

export class AesGcmCodec implements PayloadCodec {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string;

  /** The first key encrypts; every key given can decrypt. */
  constructor(keys: Buffer[]) {
    if (keys.length === 0 || keys.some((k) => k.length !== 32)) throw new Error('codec keys must be 32 bytes');
    for (const key of keys) this.keys.set(codecKeyId(key), key);
    this.currentId = codecKeyId(keys[0]!);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId)!, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: encoder.encode(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA]: encoder.encode(this.currentId),
        },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || decoder.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
      const keyId = payload.metadata?.[KEY_ID_METADATA];
      const key = keyId ? this.keys.get(decoder.decode(keyId)) : undefined;
      if (!key || !payload.data) throw new Error('payload was encrypted with a codec key this process does not have');
      const data = Buffer.from(payload.data);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

/** The data converter option for Client and Worker: the codec when a key is configured, nothing otherwise. */
export function dataConverterFor(codecKey: string | undefined): { payloadCodecs: PayloadCodec[] } | undefined {
  return codecKey ? { payloadCodecs: [new AesGcmCodec([Buffer.from(codecKey, 'base64')])] } : undefined;
}
