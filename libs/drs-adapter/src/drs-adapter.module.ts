import { Global, Module } from '@nestjs/common';

import { DrsAdapter } from './drs-adapter.service';

@Global()
@Module({ providers: [DrsAdapter], exports: [DrsAdapter] })
export class DrsAdapterModule {}
