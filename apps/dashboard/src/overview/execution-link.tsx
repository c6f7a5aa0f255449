import { useNavigate } from 'react-router-dom';

import Link from '@cloudscape-design/components/link';

import type { ExecutionSummary } from '../api/resources';

/** Links the plan's name to the execution's page, followed inside the single-page app. */
export function ExecutionLink({ execution }: { execution: ExecutionSummary }) {
  const navigate = useNavigate();
  const href = `/executions/${execution.id}`;

  return (
    <Link
      href={href}
      onFollow={(event) => {
        event.preventDefault();
        navigate(href);
      }}
    >
      {`${execution.planName} (v${execution.planVersion})`}
    </Link>
  );
}
