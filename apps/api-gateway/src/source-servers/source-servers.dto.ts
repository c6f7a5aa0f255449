import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

import { NamedRef } from '../common/named-ref.dto';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from '../common/patterns';

export class ListSourceServersQuery {
  @ApiPropertyOptional({
    description: 'Only this account; must be a configured DRS target',
    example: '123456789012',
  })
  @IsOptional()
  @Matches(ACCOUNT_ID_PATTERN, { message: 'accountId must be 12 digits' })
  accountId?: string;

  @ApiPropertyOptional({
    description: 'Only this Region; must be a configured DRS target',
    example: 'us-east-1',
  })
  @IsOptional()
  @Matches(REGION_PATTERN, { message: 'region must be an AWS Region name such as us-east-1' })
  region?: string;
}

export class SourceServerItem {
  @ApiProperty({ example: 's-2e816a796546bbd6c' })
  sourceServerId: string;

  @ApiProperty({ example: '123456789012' })
  accountId: string;

  @ApiProperty({ example: 'us-east-1' })
  region: string;

  @ApiProperty({ type: String, nullable: true, example: 'EC2AMAZ-3LZW16H' })
  hostname: string | null;

  @ApiProperty({ enum: ['WINDOWS', 'LINUX'] })
  osFamily: string;

  @ApiProperty({ type: String, nullable: true, example: 'Microsoft Windows Server 2022 Datacenter' })
  os: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'CONTINUOUS' })
  replicationState: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'ISO 8601 duration as DRS reports it',
    example: 'PT0.5S',
  })
  lagDuration: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 0.5 })
  lagSeconds: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When DRS last heard from the replication agent',
  })
  lastSeenAt: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { Application: 'orders' },
  })
  tags: Record<string, string>;

  @ApiProperty({ type: NamedRef, nullable: true })
  protectionGroup: NamedRef | null;
}

export class SourceServerList {
  @ApiProperty({ type: [SourceServerItem] })
  items: SourceServerItem[];
}
