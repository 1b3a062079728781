import { startLeafSite, type LeafSite } from '@mou-hub/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBus, type Bus } from './connect.ts';
import { consumeInbox } from './consume.ts';
import { ensureInboxConsumer } from './consumers.ts';
import { publishMessage } from './publish.ts';
import { ensureStream } from './stream.ts';
import { inboxConsumerName, STREAM } from './subjects.ts';

// Issue 18: a post's inbox, read through its leaf node by the hub's JetStream domain, while the
// leaf's uplink is cut under a waiting pull. nats-server 2.9.10 counts each delivery down the
// dying link, puts the message back at once and delivers it to the next waiting pull down the
// same link: with a broker-side max_deliver of 12 a message's deliveries were all spent within
// 2 ms of the cut (MAX_DELIVERIES advisories for streams seqs 21-25) and the broker then dropped
// it from the consumer, ack pending 0, never handed to the node.
const POST = 'la-emb-beijing';
const ROUNDS = 2;
let site: LeafSite;
let admin: Bus;
let post: Bus;

beforeAll(async () => {
  site = await startLeafSite();
  admin = await connectBus({ servers: site.hub.url, name: 'admin' });
  await ensureStream(admin, { replicas: 1 });
  await ensureInboxConsumer(admin, POST);
  post = await connectBus({ servers: site.leaf.url, name: 'post', domain: site.hubDomain });
}, 30_000);

afterAll(async () => {
  await post?.close();
  await admin?.close();
  await site?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const send = (id: string) => publishMessage(admin, { to: POST, from: 'la-mlsw', id, data: id });

describe('an inbox behind a leaf node whose uplink is cut under a waiting pull', () => {
  it('hands every message to the handler once the link is back; the broker gives none up', async () => {
    const givenUp: string[] = [];
    admin.nc.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${STREAM}.>`, {
      callback: (_e, m) => givenUp.push(new TextDecoder().decode(m.data)),
    });
    const handled = new Set<number>();
    const inbox = consumeInbox(post, POST, async (d) => {
      handled.add(d.streamSeq);
      return 'ack';
    }, { inFlight: 64 });
    let sent = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Messages while the link is up leave the node's pull waiting at the hub, its batch not used up.
      for (let i = 0; i < 20; i++) await send(`up-${round}-${i}`);
      sent += 20;
      await sleep(300);
      site.link.cut();
      // Delivered at once to the pull that is still waiting across the dead link.
      for (let i = 0; i < 10; i++) await send(`cut-${round}-${i}`);
      sent += 10;
      await sleep(2_000);
      site.link.restore();
      await site.waitJoined();
    }
    const jsm = await admin.jsm();
    const deadline = Date.now() + 60_000;
    while (handled.size < sent && Date.now() < deadline) await sleep(250);
    await inbox.stop();
    const info = await jsm.consumers.info(STREAM, inboxConsumerName(POST));
    const missing = Array.from({ length: sent }, (_, i) => i + 1).filter((s) => !handled.has(s));
    expect({ missing, givenUp, ackPending: info.num_ack_pending, pending: info.num_pending }).toEqual({ missing: [], givenUp: [], ackPending: 0, pending: 0 });
  }, 120_000);
});
