import { DIRECTORY_KEY, directoryKv, type Bus } from '@mou-hub/bus';

type Kv = Awaited<ReturnType<typeof directoryKv>>;

/** The signed directory as it stands in KV, with the revision a compare-and-set needs. */
export interface PublishedEntry {
  jws: string;
  /** KV revision (the stream sequence) of the entry. */
  revision: number;
}

/** Another writer changed the key since it was read: the caller's change is not published. */
export class PublishConflict extends Error {
  override readonly name = 'PublishConflict';
}

/** Reads and compare-and-sets KV `mou-directory`/`current`. */
export interface DirectoryPublisher {
  /** The current entry, or undefined when the key was never written (or was deleted). */
  read(): Promise<PublishedEntry | undefined>;
  /**
   * Writes `jws` if the key is still at `expected` (undefined: only if it does not exist yet).
   * Resolves to the new revision; rejects with {@link PublishConflict} otherwise.
   */
  publish(jws: string, expected: number | undefined): Promise<number>;
}

const td = new TextDecoder();
const te = new TextEncoder();

// nats.js reports a failed expectation as JetStream API error 10071 "wrong last sequence".
const isCasFailure = (error: unknown): boolean => /wrong last sequence|key exists/i.test(String(error));

/**
 * The KV publisher of the directory service, creating the bucket if it is missing.
 *
 * @example
 * const kv = await directoryPublisher(bus);
 * const entry = await kv.read();
 * await kv.publish(jws, entry?.revision); // PublishConflict if someone else published first
 */
export async function directoryPublisher(bus: Bus, opts: { replicas?: number } = {}): Promise<DirectoryPublisher> {
  const kv: Kv = await directoryKv(bus, { create: true, ...(opts.replicas ? { replicas: opts.replicas } : {}) });
  return {
    async read() {
      const entry = await kv.get(DIRECTORY_KEY);
      if (!entry || entry.operation !== 'PUT') return undefined;
      return { jws: td.decode(entry.value), revision: entry.revision };
    },
    async publish(jws, expected) {
      try {
        return expected === undefined
          ? await kv.create(DIRECTORY_KEY, te.encode(jws))
          : await kv.update(DIRECTORY_KEY, te.encode(jws), expected);
      } catch (error) {
        if (isCasFailure(error)) {
          throw new PublishConflict(`the directory changed in KV since revision ${expected ?? 'none'}`, { cause: error });
        }
        throw error;
      }
    },
  };
}
