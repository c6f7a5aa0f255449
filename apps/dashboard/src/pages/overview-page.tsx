import Header from '@cloudscape-design/components/header';

// TODO: being written.
export function OverviewPage() {
  return <Header variant="h1">OverviewPage</Header>;
}
