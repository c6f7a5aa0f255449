import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AppConfig } from '@drs/config';

import { TokenVerifier } from './access-tokens';
import { loadLocalKeys, LocalKeys } from './signing-keys';

export const LOCAL_KEYS = Symbol('LOCAL_KEYS');

/** The local issuer's keys and the token verifier, for every process that checks access tokens. */
@Global()
@Module({})
export class AuthCoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AuthCoreModule,
      providers: [
        {
          provide: LOCAL_KEYS,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => loadLocalKeys(dataSource, config.auth),
        },
        {
          provide: TokenVerifier,
          inject: [LOCAL_KEYS],
          useFactory: (keys: LocalKeys) => new TokenVerifier(config.auth, keys),
        },
      ],
      exports: [LOCAL_KEYS, TokenVerifier],
    };
  }
}
