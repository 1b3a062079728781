export { hashPassword, verifyPassword } from './password.ts';
export { checkLogin } from './login.ts';
export { createTokenIssuer, type AuthUser, type TokenIssuer } from './token.ts';
export { requireAuth, type KitVariables } from './auth.ts';
export { CSRF_FIELD, SESSION_COOKIE, csrfTokenFor, endSession, requireSession, sessionToken, startSession, type SessionVariables } from './session.ts';
export { ROLE, ROLES, hasRole, isRole, type Role } from './roles.ts';
export { EDGE_CODES, HttpError, errorBody, jsonErrors, type HtmlErrorPage } from './errors.ts';
export { fieldIssuesOf, parseInput, type FieldIssue } from './validate.ts';
export { createLogger, requestLogger, type Logger } from './log.ts';
