export * from './names.ts';
export * from './message-types.ts';
export * from './problem-codes.ts';
export * from './directory/schema.ts';
