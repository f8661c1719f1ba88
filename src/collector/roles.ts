// Who a token is for; a module of its own so that `temoin token create --help` lists the roles
// without loading the tokens' code.
import type { Role } from './store/store.js';

export const ROLES: Role[] = ['analyst', 'admin'];
