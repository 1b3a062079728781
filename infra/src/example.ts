import { exampleBodies, MESSAGE_TYPES, type MessageType } from '@mou-hub/protocol';

/**
 * `pnpm -s example <type>`: prints the example body of a message type as JSON, for curl.
 * The examples (a Thai shelter asking for the return of two Lao women, one a minor; all names
 * made up) live in packages/protocol/src/bodies/examples.ts and pass their type's schema.
 */
const type = process.argv[2] as MessageType | undefined;
if (!type || !(MESSAGE_TYPES as readonly string[]).includes(type)) {
  console.error(`usage: pnpm -s example <type>\ntypes: ${MESSAGE_TYPES.join(', ')}`);
  process.exit(2);
}
console.log(JSON.stringify(exampleBodies[type]));
