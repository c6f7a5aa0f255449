import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';

import type { SourceServer } from '../api/resources';
import { moveMember } from './membership';

interface BootOrderTableProps {
  /** Explicit members in boot order. */
  sourceServerIds: string[];
  serversById: ReadonlyMap<string, SourceServer>;
  readOnly: boolean;
  onChange(sourceServerIds: string[]): void;
}

interface BootOrderRow {
  position: number;
  sourceServerId: string;
  server: SourceServer | undefined;
}

/** Shows the selected servers in boot order, with buttons to move or remove each one. */
export function BootOrderTable({ sourceServerIds, serversById, readOnly, onChange }: BootOrderTableProps) {
  const rows: BootOrderRow[] = sourceServerIds.map((sourceServerId, index) => ({
    position: index + 1,
    sourceServerId,
    server: serversById.get(sourceServerId),
  }));
  const nameOf = (row: BootOrderRow) => row.server?.hostname ?? row.sourceServerId;
  const last = rows.length;

  return (
    <Table
      variant="embedded"
      items={rows}
      trackBy="sourceServerId"
      ariaLabels={{ tableLabel: 'Boot order' }}
      columnDefinitions={[
        { id: 'position', header: '#', cell: (row) => row.position, width: 60 },
        {
          id: 'hostname',
          header: 'Hostname',
          isRowHeader: true,
          cell: (row) =>
            row.server ? (
              (row.server.hostname ?? '-')
            ) : (
              <Box color="text-status-warning">Not found in DRS</Box>
            ),
        },
        { id: 'id', header: 'Server ID', cell: (row) => row.sourceServerId },
        ...(readOnly
          ? []
          : [
              {
                id: 'actions',
                header: 'Actions',
                cell: (row: BootOrderRow) => (
                  <SpaceBetween direction="horizontal" size="xxs">
                    <Button
                      formAction="none"
                      variant="icon"
                      iconName="angle-up"
                      ariaLabel={`Move ${nameOf(row)} up`}
                      disabled={row.position === 1}
                      onClick={() => onChange(moveMember(sourceServerIds, row.position - 1, -1))}
                    />
                    <Button
                      formAction="none"
                      variant="icon"
                      iconName="angle-down"
                      ariaLabel={`Move ${nameOf(row)} down`}
                      disabled={row.position === last}
                      onClick={() => onChange(moveMember(sourceServerIds, row.position - 1, 1))}
                    />
                    <Button
                      formAction="none"
                      variant="icon"
                      iconName="remove"
                      ariaLabel={`Remove ${nameOf(row)}`}
                      onClick={() => onChange(sourceServerIds.filter((id) => id !== row.sourceServerId))}
                    />
                  </SpaceBetween>
                ),
              },
            ]),
      ]}
      empty={
        <Box textAlign="center" color="inherit">
          {readOnly ? 'The group has no servers.' : 'No servers selected. Select servers in the table below.'}
        </Box>
      }
    />
  );
}
