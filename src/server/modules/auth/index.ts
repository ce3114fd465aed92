export { authRoutes } from "./auth.routes";
export { type AuthService, createAuthService, SESSION_COOKIE } from "./auth.service";
export { hashPassword } from "./password";
