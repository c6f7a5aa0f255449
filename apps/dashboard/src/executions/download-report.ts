import type { ExecutionEventMessage, ExecutionView } from '@drs/contracts';

import { reportDocument, reportFileName } from './execution-report';

/** Saves the run's report (summary, view and events) as a JSON file through the browser. */
export function downloadReport(view: ExecutionView, events: readonly ExecutionEventMessage[]): void {
  const blob = new Blob([reportDocument(view, events)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = reportFileName(view);
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
