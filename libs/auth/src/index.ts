export * from './access-tokens';
export * from './auth-core.module';
export * from './caller';
export * from './password-hash';
export * from './signing-keys';
export * from './sql';
export * from './user-store';
