import Alert from '@cloudscape-design/components/alert';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';

import { InternalLink } from './internal-link';

interface OperatorRoleNoticeProps {
  /** The page's heading, such as "Create recovery plan". */
  title: string;
  /** The task of the page as the subject of a sentence: "Creating a recovery plan". */
  action: string;
  /** The list page that a viewer can still read, and what it lists: "recovery plans". */
  listHref: string;
  listName: string;
}

/**
 * Replaces a create form for a user below the operator role, so that a viewer reads why there is
 * no form instead of meeting a form that the gateway would reject with 403.
 */
export function OperatorRoleNotice({ title, action, listHref, listName }: OperatorRoleNoticeProps) {
  return (
    <SpaceBetween size="m">
      <Header variant="h1">{title}</Header>
      <Alert type="info" header={`${action} needs the operator role.`}>
        Your role can view the existing {listName}.{' '}
        <InternalLink href={listHref}>Back to {listName}</InternalLink>
      </Alert>
    </SpaceBetween>
  );
}
