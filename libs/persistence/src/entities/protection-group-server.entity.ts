import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { ProtectionGroupEntity } from './protection-group.entity';

/**
 * An explicit member of a protection group. The unique constraint on (account, Region, server)
 * is what guarantees that a server belongs to at most one explicit group.
 */
@Entity('protection_group_servers')
export class ProtectionGroupServerEntity {
  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @PrimaryColumn({ name: 'source_server_id', type: 'varchar', length: 19 })
  sourceServerId: string;

  @Column({ name: 'account_id', type: 'varchar', length: 12 })
  accountId: string;

  @Column({ type: 'varchar', length: 32 })
  region: string;

  @Column({ type: 'integer' })
  position: number;

  @ManyToOne(() => ProtectionGroupEntity, (group) => group.servers, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: ProtectionGroupEntity;
}
