import { useState } from 'react';

import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';

import { pageCount, pageOf } from '../common/sort-and-page';
import { ReplicationStatus } from '../servers/replication-status';
import { TagList } from '../servers/tag-list';
import { matchingServersText, PreviewRow } from './membership';

/** Small, so that the save button stays near; the count above the table gives the total. */
const PAGE_SIZE = 10;

interface TagSelectorPreviewProps {
  rows: PreviewRow[];
  loading: boolean;
}

/** Lists the servers that the selector matches now, marking those that belong to another group. */
export function TagSelectorPreview({ rows, loading }: TagSelectorPreviewProps) {
  const [page, setPage] = useState(1);
  const conflicts = rows.filter((row) => row.otherGroup !== null).length;

  return (
    <Table
      data-testid="tag-selector-preview"
      variant="container"
      items={pageOf(rows, page, PAGE_SIZE)}
      trackBy={(row) => row.server.sourceServerId}
      loading={loading}
      loadingText="Loading source servers"
      wrapLines
      ariaLabels={{ tableLabel: 'Servers matching the tag selector' }}
      header={
        <Header
          description={
            <>
              <span>{matchingServersText(rows.length)}</span>
              {conflicts > 0 &&
                `. ${conflicts} of them already ${conflicts === 1 ? 'belongs' : 'belong'} to another group, so the save will be rejected until the selector leaves ${conflicts === 1 ? 'it' : 'them'} out.`}
            </>
          }
        >
          Preview
        </Header>
      }
      columnDefinitions={[
        {
          // Hostname and ID share a column so that the table fits at 1280 px with the side navigation open.
          id: 'server',
          minWidth: 160,
          header: 'Server',
          isRowHeader: true,
          cell: (row) => (
            <>
              <div>{row.server.hostname ?? '-'}</div>
              <Box variant="small" color="text-body-secondary">
                {row.server.sourceServerId}
              </Box>
            </>
          ),
        },
        {
          id: 'tags',
          minWidth: 170,
          header: 'Tags',
          cell: (row) => <TagList tags={row.server.tags} />,
        },
        {
          id: 'replication',
          minWidth: 200,
          header: 'Replication',
          cell: (row) => <ReplicationStatus server={row.server} />,
        },
        {
          id: 'group',
          minWidth: 240,
          header: 'Protection group',
          cell: (row) =>
            row.otherGroup ? (
              <StatusIndicator type="warning">Already in group {row.otherGroup.name}</StatusIndicator>
            ) : (
              <StatusIndicator type="success">Joins this group</StatusIndicator>
            ),
        },
      ]}
      pagination={
        rows.length > PAGE_SIZE && (
          <Pagination
            currentPageIndex={Math.min(page, pageCount(rows.length, PAGE_SIZE))}
            pagesCount={pageCount(rows.length, PAGE_SIZE)}
            onChange={({ detail }) => setPage(detail.currentPageIndex)}
            ariaLabels={{
              paginationLabel: 'Preview pages',
              previousPageLabel: 'Previous page',
              nextPageLabel: 'Next page',
              pageLabel: (pageNumber) => `Page ${pageNumber}`,
            }}
          />
        )
      }
      empty={
        <Box textAlign="center" color="inherit">
          No server in this account and Region has these tags.
        </Box>
      }
    />
  );
}
