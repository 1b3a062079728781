export { seal } from './seal.ts';
export type { SealInput, SealKeys, Sealed } from './seal.ts';
export { uuidv7 } from './uuidv7.ts';
