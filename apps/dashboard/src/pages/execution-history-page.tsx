import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';

import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';

import type { ExecutionSummary, ListResponse, RecoveryPlan } from '../api/resources';
import { useResource } from '../common/use-resource';
import { ExecutionHistoryTable } from '../executions/execution-history-table';
import { HistoryFilters } from '../executions/history-filters';
import { executionListPath, offsetOfPage, pageCount, pageOfOffset } from '../executions/history-query';
import { useNow } from '../executions/use-now';

const PAGE_SIZE = 25;

/** Lists every execution, newest first, filtered by plan and status. The filters live in the address. */
export function ExecutionHistoryPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const planId = searchParams.get('planId');
  const status = searchParams.get('status');
  const [offset, setOffset] = useState(0);
  const now = useNow(true, 5000);

  const executions = useResource(
    (api) =>
      api.get<ListResponse<ExecutionSummary>>(
        executionListPath({ planId, status, limit: PAGE_SIZE, offset }),
      ),
    [planId, status, offset],
  );
  const plans = useResource((api) => api.get<ListResponse<RecoveryPlan>>('/recovery-plans'), []);

  const total = executions.data?.total ?? executions.data?.items.length ?? 0;
  const filtered = planId !== null || status !== null;

  return (
    <SpaceBetween size="m">
      {executions.error && (
        <Alert type="error" header="The executions could not be loaded">
          {executions.error.message}
        </Alert>
      )}
      {plans.error && (
        <Alert type="warning">The plan filter has no plans to offer: {plans.error.message}</Alert>
      )}
      <ExecutionHistoryTable
        items={executions.data?.items ?? []}
        loading={executions.loading && !executions.data}
        nowMs={now}
        header={
          <Header
            variant="h1"
            counter={executions.data ? `(${total})` : undefined}
            description="Drills and recoveries, newest first. Open one to follow it live or read its report."
            actions={
              <Button
                iconName="refresh"
                ariaLabel="Refresh executions"
                onClick={() => void executions.reload()}
              >
                Refresh
              </Button>
            }
          >
            Execution history
          </Header>
        }
        filter={
          <HistoryFilters
            plans={(plans.data?.items ?? []).map((plan) => ({ id: plan.id, name: plan.name }))}
            plansLoading={plans.loading}
            planId={planId}
            status={status}
            onChange={(next) => {
              const params = new URLSearchParams();
              if (next.planId) {
                params.set('planId', next.planId);
              }
              if (next.status) {
                params.set('status', next.status);
              }
              setSearchParams(params);
              setOffset(0);
            }}
          />
        }
        pagination={
          <Pagination
            currentPageIndex={pageOfOffset(offset, PAGE_SIZE)}
            pagesCount={pageCount(total, PAGE_SIZE)}
            onChange={({ detail }) => setOffset(offsetOfPage(detail.currentPageIndex, PAGE_SIZE))}
            ariaLabels={{
              nextPageLabel: 'Next page of executions',
              previousPageLabel: 'Previous page of executions',
              pageLabel: (page) => `Page ${page} of the executions`,
            }}
          />
        }
        empty={
          <Box textAlign="center" color="inherit">
            {filtered
              ? 'No execution matches these filters.'
              : 'No executions yet. Start a drill from a recovery plan.'}
          </Box>
        }
      />
    </SpaceBetween>
  );
}
