import Header from '@cloudscape-design/components/header';

// TODO: being written.
export function ProtectionGroupsPage() {
  return <Header variant="h1">ProtectionGroupsPage</Header>;
}
