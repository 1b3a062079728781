import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectBus, messageSubject } from '@mou-hub/bus';
import { publicJwk, uuidv7, type PrivateJwk } from '@mou-hub/protocol';
import { BREAK_KINDS, BREAKS, type BreakKind } from './forge/breaks.ts';

/**
 * `pnpm forge <kind|all> [--from th-msdhs] [--to la-mlsw] [--replay <id>]`: puts a broken
 * envelope straight onto the recipient's subject of the running local federation (with the
 * launcher's admin NATS user, as a compromised broker account could), then tells where to
 * look. Every kind is named by the code the recipient must give it.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = process.env['MOU_DATA_DIR'] ?? join(root, '.data');
const args = process.argv.slice(2);
const option = (name: string, fallback?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const kindArg = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!kindArg || (kindArg !== 'all' && !BREAK_KINDS.includes(kindArg as BreakKind))) {
  console.error(`usage: pnpm forge <kind|all> [--from th-msdhs] [--to la-mlsw] [--replay <id of a delivered message>]\nkinds: ${BREAK_KINDS.join(', ')}`);
  process.exit(2);
}
const from = option('from', 'th-msdhs')!;
const to = option('to', 'la-mlsw')!;
const facts = JSON.parse(readFileSync(join(dataDir, 'federation.json'), 'utf8')) as { nats: { url: string }; agencies: Record<string, { httpUrl: string }> };
const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { nats: Record<string, string> };
const readKey = (name: string) => JSON.parse(readFileSync(join(dataDir, 'keys', name), 'utf8')) as PrivateJwk;
const keys = { from, to, sig: readKey(`${from}.sig.jwk.json`), recipientEnc: publicJwk(readKey(`${to}.enc.jwk.json`)) };

const bus = await connectBus({ servers: facts.nats.url, user: 'admin', pass: secrets.nats['admin'], name: 'mou-hub-forge' });
const kinds = kindArg === 'all' ? BREAK_KINDS.filter((k) => k !== 'replay' || option('replay')) : [kindArg as BreakKind];
for (const kind of kinds) {
  const forged = await BREAKS[kind](keys, option('replay'));
  await bus.js.publish(messageSubject(to, from), forged.data, { msgID: uuidv7() });
  console.log(`${kind.padEnd(20)} published on ${messageSubject(to, from)}${forged.id ? ` (id ${forged.id})` : ''}; ${from} gets ${{ receipt: 'a receipt', problem: 'a problem', none: 'no reply' }[forged.reply]}`);
}
await bus.close();
console.log(`\nsee: curl -s ${facts.agencies[to]?.httpUrl}/api/v1/quarantine -H "authorization: Bearer $LA_TOKEN" | jq '.items[] | {code, detail, verified}'`);
