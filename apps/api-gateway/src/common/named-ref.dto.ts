import { ApiProperty } from '@nestjs/swagger';

/** A reference to another resource by id, with its name for display. */
export class NamedRef {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}
