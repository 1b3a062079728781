import { randomBytes } from 'node:crypto';

let lastMs = -1;
let counter = 0;

/**
 * A lower-case UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter
 * that keeps ids made in the same millisecond in order, then 62 random bits.
 *
 * @example
 * uuidv7(); // '0193f3b6-5a2c-7c3e-9f10-4b7d2e8a61c0'
 */
export function uuidv7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    // Start low in the counter's range so a burst within one millisecond rarely overflows it.
    counter = randomBytes(1)[0]! & 0x7f;
  } else if (++counter > 0xfff) {
    // Overflow (or a clock step back): borrow the next millisecond, order is kept.
    lastMs += 1;
    counter = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
