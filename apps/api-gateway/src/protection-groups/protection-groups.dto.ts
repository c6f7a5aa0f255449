import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';

import type { TagSelector } from '@drs/domain';
import { GroupMemberKind } from '@drs/persistence';

import { NamedRef } from '../common/named-ref.dto';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN, SOURCE_SERVER_ID_PATTERN } from '../common/patterns';
import { IsAbsentWhenSet, IsTagSelector } from './tag-selector.validator';

export const MAX_EXPLICIT_MEMBERS = 1_000;

const TAG_SELECTOR_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'array', items: { type: 'string' } },
  description: 'Tag key to its allowed values; a server matches when every key has one of its values.',
  example: { Application: ['orders'], Tier: ['database'] },
} as const;

/** Body of POST and PUT: a group lists its servers explicitly or selects them by tags, never both. */
export class ProtectionGroupInput {
  @ApiProperty({ minLength: 1, maxLength: 128, example: 'orders-database' })
  @Length(1, 128)
  @IsString()
  name: string;

  @ApiPropertyOptional({ maxLength: 2_000, example: 'SQL Server cluster of the orders application' })
  @IsOptional()
  @MaxLength(2_000)
  @IsString()
  description?: string;

  @ApiProperty({ example: '123456789012' })
  @Matches(ACCOUNT_ID_PATTERN, { message: 'accountId must be 12 digits' })
  @IsString()
  accountId: string;

  @ApiProperty({ example: 'us-east-1' })
  @Matches(REGION_PATTERN, { message: 'region must be an AWS Region name such as us-east-1' })
  @IsString()
  region: string;

  @ApiPropertyOptional({
    type: [String],
    minItems: 1,
    maxItems: MAX_EXPLICIT_MEMBERS,
    uniqueItems: true,
    description: 'Explicit members, in boot order. Set this or tagSelector.',
    example: ['s-2e816a796546bbd6c'],
  })
  @ValidateIf((group: ProtectionGroupInput) => group.sourceServerIds != null || group.tagSelector == null)
  @IsDefined({ message: 'either sourceServerIds or tagSelector is required' })
  @Matches(SOURCE_SERVER_ID_PATTERN, {
    each: true,
    message: 'each value in sourceServerIds must be a DRS source server id such as s-2e816a796546bbd6c',
  })
  @ArrayUnique({ message: 'sourceServerIds must not list a server more than once' })
  @ArrayMaxSize(MAX_EXPLICIT_MEMBERS)
  @ArrayMinSize(1)
  @IsArray()
  sourceServerIds?: string[] | null;

  @ApiPropertyOptional({
    ...TAG_SELECTOR_SCHEMA,
    description: `${TAG_SELECTOR_SCHEMA.description} Set this or sourceServerIds.`,
  })
  @ValidateIf((group: ProtectionGroupInput) => group.tagSelector != null)
  @IsTagSelector()
  @IsAbsentWhenSet('sourceServerIds', {
    message:
      'tagSelector and sourceServerIds cannot both be set; a group has explicit members or a tag selector',
  })
  tagSelector?: TagSelector | null;
}

export class ProtectionGroupResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ example: '123456789012' })
  accountId: string;

  @ApiProperty({ example: 'us-east-1' })
  region: string;

  @ApiProperty({ enum: GroupMemberKind })
  memberKind: GroupMemberKind;

  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'Explicit members in boot order; null for a tag selector',
  })
  sourceServerIds: string[] | null;

  @ApiProperty({ ...TAG_SELECTOR_SCHEMA, nullable: true })
  tagSelector: TagSelector | null;

  @ApiProperty({ type: [NamedRef], description: 'Recovery plans with a wave that names this group' })
  usedByPlans: NamedRef[];

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;
}

export class ProtectionGroupList {
  @ApiProperty({ type: [ProtectionGroupResponse] })
  items: ProtectionGroupResponse[];
}
