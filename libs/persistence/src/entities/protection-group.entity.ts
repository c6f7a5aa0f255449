import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import type { TagSelector } from '@drs/domain';

import { ProtectionGroupServerEntity } from './protection-group-server.entity';

export enum GroupMemberKind {
  Explicit = 'EXPLICIT',
  TagSelector = 'TAG_SELECTOR',
}

@Entity('protection_groups')
export class ProtectionGroupEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ name: 'account_id', type: 'varchar', length: 12 })
  accountId: string;

  @Column({ type: 'varchar', length: 32 })
  region: string;

  @Column({ name: 'member_kind', type: 'varchar', length: 16 })
  memberKind: GroupMemberKind;

  @Column({ name: 'tag_selector', type: 'jsonb', nullable: true })
  tagSelector: TagSelector | null;

  @OneToMany(() => ProtectionGroupServerEntity, (server) => server.group)
  servers?: ProtectionGroupServerEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
