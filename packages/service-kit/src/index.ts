export { hashPassword, verifyPassword } from './password.ts';
export { createTokenIssuer, type AuthUser, type TokenIssuer } from './token.ts';
export { requireAuth, type KitVariables } from './auth.ts';
export { HttpError, errorBody, jsonErrors } from './errors.ts';
export { createLogger, requestLogger, type Logger } from './log.ts';
